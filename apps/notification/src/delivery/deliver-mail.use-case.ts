import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { AppError, NotificationRequested } from '@app/contracts';
import { DatabaseHandle } from '@app/db';
import { BatchedEvent, Batcher, claimMessages, CONFIG, DATABASE, EventBatcher, LOGGER, retryDelayMs } from '@app/messaging';
import { inbox } from '../database/notification.schema';
import { DeliveriesRepository } from '../delivery-log/deliveries.repository';
import { AttemptOutcome, DeliveryAttempts } from './delivery-attempts';
import { mailUndeliverable } from './delivery.errors';
import { MAIL_TRANSPORT, MailTransport } from './mail-transport';
import { newDelivery } from './new-delivery';
import { mailBackoff } from './retry-policy';
import { SendSlots } from './send-slots';

/** At most this many deliveries in one attempt transaction, and this many such transactions at once. */
const ATTEMPT_BATCH_MAX = 32;
const ATTEMPT_BATCHES_IN_FLIGHT = 2;

/**
 * Delivers the mail a `notification.requested` event asks for, once.
 *
 * The request is accepted through the inbox (one row per event message ID),
 * then attempted — with the other deliveries due at the same moment, see
 * DeliveryAttempts — until the SMTP server accepts it, refuses it for good
 * (5xx: failed, not retried) or the retries run out (failed, event
 * dead-lettered); see retry-policy.ts. A redelivered event resumes a
 * delivery still under way and is a no-op for one already finished: it never
 * sends a second mail.
 *
 * Logs name the delivery (the event's message ID), the template and the
 * server's reply: never parameters or anything from the rendered mail.
 */
@Injectable()
export class DeliverMailUseCase implements OnApplicationShutdown {
  private readonly stopping = new AbortController();
  /** Batches being attempted, so that shutdown can wait for them. */
  private readonly slots = new SendSlots(ATTEMPT_BATCHES_IN_FLIGHT);

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly deliveries: DeliveriesRepository,
    private readonly delivery: DeliveryAttempts,
  ) {}

  /**
   * The attempts that are due together run as one batch (see
   * DeliveryAttempts); each batch holds one database connection, and its
   * sends share the SMTP pool.
   */
  private readonly attempts = new Batcher<string, AttemptOutcome>({
    maxSize: ATTEMPT_BATCH_MAX,
    maxInFlight: ATTEMPT_BATCHES_IN_FLIGHT,
    handle: (batch) =>
      this.slots.run(() => {
        if (this.stopping.signal.aborted) {
          // Not an attempt: the events go back to the queue and resume in another process.
          throw AppError.of('SERVICE_UNAVAILABLE');
        }
        return this.delivery.attemptAll(batch);
      }),
  });

  private readonly acceptance = new EventBatcher<{ request: NotificationRequested; requestedBy: string }>({
    maxSize: 64,
    maxInFlight: 2,
    handle: (batch) => this.accept(batch),
  });

  async execute(request: NotificationRequested, messageId: string, requestedBy: string): Promise<void> {
    await this.acceptance.add({ request, requestedBy });

    for (;;) {
      const outcome = await this.attempts.add(messageId);
      switch (outcome.kind) {
        case 'finished':
          return;
        case 'dead-letter':
          throw mailUndeliverable(outcome.reason);
        case 'error':
          throw outcome.error;
        case 'retry':
          await this.pause(retryDelayMs(outcome.attempts, mailBackoff(this.config)));
      }
    }
  }

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

  /**
   * Stops between attempts, never in the middle of one: waits cut short, no
   * new attempt starts, the ones under way finish and are recorded, and only
   * then does the SMTP pool close (closing it earlier would fail a send that
   * the server might have accepted). The unacknowledged events go back to
   * the queue with the broker connection and resume from the stored attempts.
   */
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
}
