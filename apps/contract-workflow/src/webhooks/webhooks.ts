import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  ActorContext,
  AppError,
  ContractEvent,
  contractEventSchema,
  ContractEventType,
  contractEventTypeSchema,
  createWebhookSchema,
  listWebhookDeliveriesSchema,
  parseOrThrow,
  requireCompanyPermission,
  WebhookDelivery,
  WebhookEventBody,
  WebhookView,
} from '@app/contracts';
import { Executor } from '@app/db';
import { ledgerError } from '../ledger/ledger.errors';
import { WebhookDeliveryRow, WebhookSubscriptionRow } from '../ledger/ledger.schema';
import { newWebhookSecret, WebhookSecretCipher } from './webhook-secret.cipher';
import { WebhookTargetRefused, WebhookTargets } from './webhook-target.guard';
import { WebhooksRepository } from './webhooks.repository';

const MAX_SUBSCRIPTIONS_PER_COMPANY = 10;

export interface WebhookEventInput {
  type: ContractEventType;
  data: ContractEvent;
  /**
   * The companies that may learn of this event: the sender always, the
   * receiver once the document has been sent to it. The workflow decides.
   */
  companyIds: string[];
  /**
   * Stable per event when the workflow may call twice for one fact (a
   * redelivered message), e.g. `${contractId}:${version}:${type}`: then it is
   * sent once. Any text; subscribers see it as a UUID derived from it.
   */
  eventId?: string;
}

/** Per-company webhooks: subscriptions managed by the administrator, deliveries written with the state change. */
@Injectable()
export class Webhooks {
  constructor(
    private readonly repository: WebhooksRepository,
    private readonly cipher: WebhookSecretCipher,
    private readonly targets: WebhookTargets,
  ) {}

  async create(actor: ActorContext, input: z.output<typeof createWebhookSchema>): Promise<{ webhook: WebhookView; secret: string }> {
    const companyId = requireCompanyPermission(actor, 'webhooks:manage');
    // Checked again on every connection (after DNS): a name re-pointed later is refused then.
    await this.targets.check(new URL(input.url)).catch((error: unknown) => {
      // One answer whether the name resolves elsewhere or not at all: no probing of internal names.
      throw error instanceof WebhookTargetRefused ? ledgerError('WEBHOOK_TARGET_NOT_PUBLIC') : error;
    });
    const id = randomUUID();
    const secret = newWebhookSecret();
    const row = await this.repository.db.transaction(async (tx) => {
      await this.repository.lockCompany(tx, companyId);
      if ((await this.repository.activeForCompany(companyId, tx)).length >= MAX_SUBSCRIPTIONS_PER_COMPANY) {
        throw ledgerError('WEBHOOK_LIMIT_REACHED');
      }
      return this.repository.insertSubscription(tx, {
        id,
        companyId,
        url: input.url,
        eventTypes: [...new Set(input.eventTypes)],
        description: input.description ?? null,
        secretCiphertext: this.cipher.encrypt(id, secret),
        createdBy: actor.userId ?? null,
      });
    });
    return { webhook: toWebhookView(row), secret };
  }

  async list(actor: ActorContext): Promise<{ items: WebhookView[] }> {
    const companyId = requireCompanyPermission(actor, 'webhooks:manage');
    return { items: (await this.repository.activeForCompany(companyId)).map(toWebhookView) };
  }

  async remove(actor: ActorContext, webhookId: string): Promise<WebhookView> {
    const companyId = requireCompanyPermission(actor, 'webhooks:manage');
    const row = await this.repository.softDelete(companyId, webhookId);
    if (!row) {
      throw AppError.of('NOT_FOUND');
    }
    return toWebhookView(row);
  }

  async deliveries(actor: ActorContext, query: z.output<typeof listWebhookDeliveriesSchema>) {
    const companyId = requireCompanyPermission(actor, 'webhooks:manage');
    if (!(await this.repository.ofCompany(companyId, query.webhookId))) {
      throw AppError.of('NOT_FOUND');
    }
    const { items, total } = await this.repository.deliveriesPage(query.webhookId, query);
    return { items: items.map(toDeliveryView), total, page: query.page, pageSize: query.pageSize };
  }

  /** 再送: a failed delivery is tried again, with WEBHOOK_MAX_ATTEMPTS fresh attempts (same ID, same body). */
  async redeliver(actor: ActorContext, webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
    const companyId = requireCompanyPermission(actor, 'webhooks:manage');
    const subscription = await this.repository.ofCompany(companyId, webhookId);
    if (!subscription) {
      throw AppError.of('NOT_FOUND');
    }
    if (subscription.deletedAt) {
      throw ledgerError('WEBHOOK_DELETED');
    }
    const requeued = await this.repository.requeueFailed(webhookId, deliveryId);
    if (requeued) {
      return toDeliveryView(requeued);
    }
    if (!(await this.repository.delivery(webhookId, deliveryId))) {
      throw AppError.of('NOT_FOUND');
    }
    throw ledgerError('WEBHOOK_DELIVERY_NOT_FAILED');
  }

  /**
   * Called by the workflow in the transaction of a state change: one delivery
   * per matching subscription, committed (or not) with the change itself.
   * Returns how many deliveries were created.
   */
  async enqueue(tx: Executor, event: WebhookEventInput): Promise<number> {
    return this.enqueueAll(tx, [event]);
  }

  /**
   * Several events of one change (received, signed, concluded): one look-up
   * of the subscribers for all of them. Only the events some subscriber gets
   * are validated and given their delivery ID (the same data went through
   * the outbox's validation already): without subscribers, the usual case,
   * a bulk conclusion's three events per document cost nothing more here.
   */
  async enqueueAll(tx: Executor, events: readonly WebhookEventInput[]): Promise<number> {
    const addressed = events
      .map((event) => ({ ...event, companyIds: [...new Set(event.companyIds)] }))
      .filter((event) => event.companyIds.length > 0);
    if (addressed.length === 0) {
      return 0;
    }
    const subscribers = await this.repository.subscribersOfAny(
      tx,
      [...new Set(addressed.flatMap((event) => event.companyIds))],
      [...new Set(addressed.map((event) => event.type))],
    );
    const subscribersOf = (event: { type: string; companyIds: string[] }) =>
      subscribers.filter(
        (subscription) => event.companyIds.includes(subscription.companyId) && subscription.eventTypes.includes(event.type),
      );
    return this.repository.insertDeliveries(
      tx,
      addressed.flatMap((input) => {
        const receivers = subscribersOf(input);
        if (receivers.length === 0) {
          return [];
        }
        const event = {
          type: parseOrThrow(contractEventTypeSchema, input.type),
          data: parseOrThrow(contractEventSchema, input.data),
          eventId: input.eventId === undefined ? randomUUID() : eventUuidOf(input.eventId),
        };
        const body = JSON.stringify({
          id: event.eventId,
          type: event.type,
          createdAt: event.data.occurredAt,
          data: event.data,
        } satisfies WebhookEventBody);
        return receivers.map((subscription) => ({
          subscriptionId: subscription.id,
          companyId: subscription.companyId,
          eventId: event.eventId,
          eventType: event.type,
          body,
        }));
      }),
    );
  }
}

/** Built once: a zod schema costs more to make than to use, and every contract event passes here. */
const UUID = z.uuid();

/** A UUID that is the same for the same event ID (name-based, SHA-256), so retries of one fact collide. */
export function eventUuidOf(eventId: string): string {
  if (UUID.safeParse(eventId).success) {
    return eventId.toLowerCase();
  }
  const hex = createHash('sha256').update(`inkan-webhook-event:${eventId}`).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function toWebhookView(row: WebhookSubscriptionRow): WebhookView {
  return {
    webhookId: row.id,
    companyId: row.companyId,
    url: row.url,
    eventTypes: row.eventTypes as ContractEventType[],
    description: row.description,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}

function toDeliveryView(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    deliveryId: row.id,
    webhookId: row.subscriptionId,
    eventId: row.eventId,
    eventType: row.eventType as ContractEventType,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  };
}
