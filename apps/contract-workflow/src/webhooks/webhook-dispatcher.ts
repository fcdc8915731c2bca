import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { CONFIG, LOGGER } from '@app/messaging';
import { METRICS, PlatformMetrics } from '@app/observability';
import { WebhookDeliveryRow, WebhookSubscriptionRow } from '../ledger/ledger.schema';
import { postWebhook, WebhookPostResult } from './webhook-http.client';
import { outcomeOf } from './webhook-retry';
import { WebhookSecretCipher } from './webhook-secret.cipher';
import { webhookSignature } from './webhook-signature';
import { WebhookTargets } from './webhook-target.guard';
import { WebhooksRepository } from './webhooks.repository';

const BATCH_SIZE = 10;

/**
 * Sends due webhook deliveries. Any number of service instances may run one:
 * a delivery is claimed (SKIP LOCKED) before its request, so each attempt is
 * made by one dispatcher; a dispatcher that dies mid-request leaves the
 * delivery to be tried again after the lease. Receivers may thus see one
 * delivery twice and dedupe on X-Inkan-Delivery.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly repository: WebhooksRepository,
    private readonly cipher: WebhookSecretCipher,
    private readonly targets: WebhookTargets,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: PlatformMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Sends every delivery due now; resolves with the number attempted. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await this.repository.claimDue(BATCH_SIZE, this.config.WEBHOOK_TIMEOUT_MS + 30_000);
      if (claimed.length === 0) {
        return total;
      }
      const subscriptions = new Map(
        (await this.repository.subscriptionsByIds([...new Set(claimed.map((row) => row.subscriptionId))])).map((row) => [row.id, row]),
      );
      await Promise.all(claimed.map((delivery) => this.attempt(delivery, subscriptions.get(delivery.subscriptionId))));
      total += claimed.length;
    }
  }

  private schedule(): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'webhook dispatcher could not run; will retry'))
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.config.WEBHOOK_POLL_MS);
    this.timer.unref();
  }

  private async attempt(delivery: WebhookDeliveryRow, subscription: WebhookSubscriptionRow | undefined): Promise<void> {
    if (!subscription || subscription.deletedAt) {
      await this.repository.updateDelivery(delivery.id, { status: 'cancelled', lastError: 'subscription deleted' });
      return;
    }
    const { statusCode, error, cause } = await this.post(delivery, subscription);
    if (cause) {
      this.logger.info({ deliveryId: delivery.id, webhookId: subscription.id, cause }, 'webhook target unreachable');
    }
    const succeeded = statusCode !== undefined && statusCode >= 200 && statusCode < 300;
    const outcome = outcomeOf(succeeded, delivery.attempts, this.config.WEBHOOK_MAX_ATTEMPTS, this.config.WEBHOOK_RETRY_BASE_MS);
    const result = { lastStatusCode: statusCode ?? null, lastError: succeeded ? null : (error ?? `HTTP ${statusCode}`) };
    if (outcome.delivered) {
      await this.repository.updateDelivery(delivery.id, { ...result, status: 'delivered', deliveredAt: new Date() });
      this.metrics.webhooks.inc({ outcome: 'delivered' });
    } else if (outcome.final) {
      await this.repository.updateDelivery(delivery.id, { ...result, status: 'failed' });
      this.logger.warn(
        { deliveryId: delivery.id, webhookId: subscription.id, attempts: delivery.attempts },
        'webhook delivery failed for good',
      );
      this.metrics.webhooks.inc({ outcome: 'failed' });
    } else {
      await this.repository.updateDelivery(delivery.id, { ...result, nextAttemptAt: new Date(Date.now() + (outcome.retryInMs ?? 0)) });
      this.metrics.webhooks.inc({ outcome: 'retrying' });
    }
  }

  private async post(delivery: WebhookDeliveryRow, subscription: WebhookSubscriptionRow): Promise<WebhookPostResult> {
    let secret: string;
    try {
      secret = this.cipher.decrypt(subscription.id, subscription.secretCiphertext);
    } catch {
      return { error: 'the secret cannot be decrypted with WEBHOOK_SECRET_KEY' };
    }
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'inkan-webhooks/1',
      'x-inkan-event': delivery.eventType,
      'x-inkan-delivery': delivery.id,
      'x-inkan-timestamp': timestamp,
      'x-inkan-signature': webhookSignature(secret, timestamp, delivery.body),
    };
    return postWebhook(subscription.url, headers, delivery.body, {
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      targets: this.targets,
    });
  }
}
