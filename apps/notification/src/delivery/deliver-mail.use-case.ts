import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { AppError, NotificationRequested } from '@app/contracts';
import { DatabaseHandle, Transaction } from '@app/db';
import { BatchedEvent, claimMessages, CONFIG, DATABASE, EventBatcher, LOGGER } from '@app/messaging';
import { DeliveryRow, inbox } from '../database/notification.schema';
import { DeliveriesRepository } from '../delivery-log/deliveries.repository';
import { mailUndeliverable } from './delivery.errors';
import { MailComposer, UnreadableSecretError } from './mail-composer';
import { MAIL_TRANSPORT, MailTransport, OutgoingMail } from './mail-transport';
import { newDelivery } from './new-delivery';
import { retryDelayMs } from './retry-policy';
import { SendSlots } from './send-slots';
import { classifySmtpFailure } from './smtp-failure';

type AttemptOutcome = { kind: 'finished' } | { kind: 'retry'; attempts: number } | { kind: 'dead-letter'; reason: string };

/**
 * Delivers the mail a `notification.requested` event asks for, once.
 *
 * The request is accepted through the inbox (one row per event message ID),
 * then attempted until the SMTP server accepts it, refuses it for good (5xx:
 * failed, not retried) or the retries run out (failed, event dead-lettered);
 * see retry-policy.ts. A redelivered event resumes a delivery still under way
 * and is a no-op for one already finished: it never sends a second mail.
 *
 * Logs name the delivery (the event's message ID), the template and the
 * server's reply: never parameters or anything from the rendered mail.
 */
@Injectable()
export class DeliverMailUseCase implements OnApplicationShutdown {
  private readonly slots: SendSlots;
  private readonly stopping = new AbortController();

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly deliveries: DeliveriesRepository,
    private readonly composer: MailComposer,
  ) {
    this.slots = new SendSlots(config.MAIL_SMTP_POOL_SIZE);
  }

  private readonly acceptance = new EventBatcher<{ request: NotificationRequested; requestedBy: string }>({
    maxSize: 64,
    maxInFlight: 2,
    handle: (batch) => this.accept(batch),
  });

  async execute(request: NotificationRequested, messageId: string, requestedBy: string): Promise<void> {
    await this.acceptance.add({ request, requestedBy });

    for (;;) {
      const outcome = await this.slots.run(() => {
        if (this.stopping.signal.aborted) {
          // Not an attempt: the event goes back to the queue and resumes in another process.
          throw AppError.of('SERVICE_UNAVAILABLE');
        }
        return this.database.db.transaction((tx) => this.attempt(tx, messageId));
      });
      switch (outcome.kind) {
        case 'finished':
          return;
        case 'dead-letter':
          throw mailUndeliverable(outcome.reason);
        case 'retry':
          await this.pause(retryDelayMs(outcome.attempts, this.config));
      }
    }
  }

  /**
   * Stops between attempts, never in the middle of one: waits cut short, no
   * new attempt starts, the ones under way finish and are recorded, and only
   * then does the SMTP pool close (closing it earlier would fail a send that
   * the server might have accepted). The unacknowledged events go back to
   * the queue with the broker connection and resume from the stored attempts.
   */
  /**
   * Accepts the requests that arrived together in one transaction: their
   * inbox rows and delivery rows, two statements for the batch (a bulk-sign
   * session concludes hundreds of contracts, each with its mail).
   */
  private async accept(batch: BatchedEvent<{ request: NotificationRequested; requestedBy: string }>[]): Promise<void> {
    const claimed = await this.database.db.transaction(async (tx) => {
      const claimed = await claimMessages(
        tx,
        inbox,
        batch.map(({ context }) => ({ messageId: context.messageId, event: context.pattern })),
      );
      const accepted = batch.filter(({ context }) => claimed.has(context.messageId));
      await this.deliveries.acceptAll(
        tx,
        accepted.map(({ event, context }) => newDelivery(event.request, context.messageId, event.requestedBy, this.config.MAIL_FROM)),
      );
      return claimed;
    });
    for (const { event, context } of batch) {
      this.logger.info(
        { delivery: context.messageId, template: event.request.template, duplicate: !claimed.has(context.messageId) },
        'mail request accepted',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.slots.whenIdle();
    this.transport.close();
  }

  private async pause(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, { signal: this.stopping.signal });
    } catch {
      throw AppError.of('SERVICE_UNAVAILABLE'); // stopping: see onApplicationShutdown
    }
  }

  /**
   * One attempt, holding the row lock from reading the state to recording the
   * outcome. If the process dies after the server accepted the mail but
   * before the commit, the next attempt sends it again with the same
   * Message-ID: SMTP cannot do better than at-least-once.
   */
  private async attempt(tx: Transaction, messageId: string): Promise<AttemptOutcome> {
    const delivery = await this.deliveries.lockForAttempt(tx, messageId);
    if (!delivery) {
      throw new Error(`no delivery row for accepted event ${messageId}`);
    }
    if (delivery.status === 'sent' || delivery.status === 'failed') {
      this.logger.info({ delivery: messageId, status: delivery.status }, 'mail already finished; nothing sent again');
      return { kind: 'finished' };
    }
    if (delivery.attempts >= this.config.MAIL_RETRY_ATTEMPTS) {
      // Attempts ran out in an earlier life of this delivery (a crash before its outcome was final).
      await this.deliveries.recordFailed(tx, messageId, delivery.attempts, delivery.lastResponse ?? 'retries exhausted', false);
      return { kind: 'dead-letter', reason: 'retries exhausted' };
    }
    let mail: OutgoingMail;
    try {
      mail = this.composer.compose(delivery);
    } catch (error) {
      if (error instanceof UnreadableSecretError) {
        this.logger.error({ delivery: messageId, template: delivery.template }, 'mail secret cannot be opened; delivery failed');
        await this.deliveries.recordFailed(tx, messageId, delivery.attempts, error.message, false);
        return { kind: 'dead-letter', reason: 'secret cannot be opened' };
      }
      throw error;
    }
    return this.send(tx, delivery, mail);
  }

  private async send(tx: Transaction, delivery: DeliveryRow, mail: OutgoingMail): Promise<AttemptOutcome> {
    const { messageId: id, template } = delivery;
    const attempts = delivery.attempts + 1;
    try {
      const receipt = await this.transport.send(mail);
      await this.deliveries.recordSent(tx, id, attempts, receipt.response);
      this.logger.info({ delivery: id, template, attempts }, 'mail sent');
      return { kind: 'finished' };
    } catch (error) {
      const failure = classifySmtpFailure(error);
      const context = { delivery: id, template, attempts, response: failure.response };
      if (failure.permanent) {
        await this.deliveries.recordFailed(tx, id, attempts, failure.response);
        this.logger.warn(context, 'mail refused for good; not retried');
        return { kind: 'finished' };
      }
      if (attempts >= this.config.MAIL_RETRY_ATTEMPTS) {
        await this.deliveries.recordFailed(tx, id, attempts, failure.response);
        this.logger.error(context, 'mail delivery failed after the last retry; event dead-lettered');
        return { kind: 'dead-letter', reason: 'retries exhausted' };
      }
      await this.deliveries.recordRetrying(tx, id, attempts, failure.response);
      this.logger.warn({ ...context, retryInMs: retryDelayMs(attempts, this.config) }, 'mail delivery failed; will retry');
      return { kind: 'retry', attempts };
    }
  }
}
