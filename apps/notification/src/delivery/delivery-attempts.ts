import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { DatabaseHandle, Transaction } from '@app/db';
import { CONFIG, DATABASE, LOGGER, retryDelayMs } from '@app/messaging';
import { MailOutcome, METRICS, PlatformMetrics } from '@app/observability';
import { DeliveryRow } from '../database/notification.schema';
import { DeliveriesRepository, SentDelivery } from '../delivery-log/deliveries.repository';
import { MailComposer, UnreadableSecretError } from './mail-composer';
import { MAIL_TRANSPORT, MailTransport, OutgoingMail } from './mail-transport';
import { mailBackoff } from './retry-policy';
import { classifySmtpFailure } from './smtp-failure';

export type AttemptOutcome =
  { kind: 'finished' } | { kind: 'retry'; attempts: number } | { kind: 'dead-letter'; reason: string } | { kind: 'error'; error: unknown };

/** A mail the transport took, recorded with the others of its batch and logged once they have committed. */
type SentMail = SentDelivery & { template: string };
/** What a batch's attempts came to, counted in the metrics once the batch has committed. */
type Tally = Array<Exclude<MailOutcome, 'sent'>>;

/**
 * Attempts a batch of deliveries in one transaction: every row locked
 * (in key order, so two batches never deadlock) from reading its state to
 * recording the outcome, the mails sent side by side through the transport,
 * and every sent mail recorded in one statement. A bulk-sign session
 * concludes hundreds of contracts, each with its mail: one transaction per
 * mail cost four statements each.
 *
 * Until the commit, nothing about a sent mail is recorded: if the process or
 * the transaction dies after the server accepted a mail, the next attempt
 * sends it again with the same Message-ID. SMTP cannot do better than
 * at-least-once; this keeps everything after the sends to one statement for
 * the sent mails, so little can fail there.
 */
@Injectable()
export class DeliveryAttempts {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly deliveries: DeliveriesRepository,
    private readonly composer: MailComposer,
    @Inject(METRICS) private readonly metrics: PlatformMetrics,
  ) {}

  /** One outcome per message ID, in order, once the batch has committed. */
  async attemptAll(messageIds: string[]): Promise<AttemptOutcome[]> {
    const sent: SentMail[] = [];
    const tally: Tally = [];
    const outcomes = await this.database.db.transaction(async (tx) => {
      const locked = await this.deliveries.lockForAttempts(tx, [...new Set(messageIds)]);
      const rows = new Map(locked.map((row) => [row.messageId, row]));
      // A message ID twice in one batch (a redelivery racing its first delivery): the first attempt decides for both.
      const decided = new Map<string, Promise<AttemptOutcome>>();
      const outcomes = await Promise.all(
        messageIds.map((messageId) => {
          let outcome = decided.get(messageId);
          if (!outcome) {
            outcome = this.attempt(tx, rows.get(messageId), messageId, sent, tally);
            decided.set(messageId, outcome);
          }
          return outcome;
        }),
      );
      await this.deliveries.recordSentAll(tx, sent);
      return outcomes;
    });
    for (const { messageId, template, attempts } of sent) {
      this.logger.info({ delivery: messageId, template, attempts }, 'mail sent');
    }
    this.metrics.mails.inc({ outcome: 'sent' }, sent.length);
    for (const outcome of tally) {
      this.metrics.mails.inc({ outcome });
    }
    return outcomes;
  }

  private async attempt(
    tx: Transaction,
    delivery: DeliveryRow | undefined,
    messageId: string,
    sent: SentMail[],
    tally: Tally,
  ): Promise<AttemptOutcome> {
    try {
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
      return await this.send(tx, delivery, sent, tally);
    } catch (error) {
      return { kind: 'error', error };
    }
  }

  private async send(tx: Transaction, delivery: DeliveryRow, sent: SentMail[], tally: Tally): Promise<AttemptOutcome> {
    const { messageId: id, template } = delivery;
    let mail: OutgoingMail;
    try {
      mail = this.composer.compose(delivery);
    } catch (error) {
      if (error instanceof UnreadableSecretError) {
        this.logger.error({ delivery: id, template }, 'mail secret cannot be opened; delivery failed');
        await this.deliveries.recordFailed(tx, id, delivery.attempts, error.message, false);
        return { kind: 'dead-letter', reason: 'secret cannot be opened' };
      }
      throw error;
    }
    const attempts = delivery.attempts + 1;
    try {
      const receipt = await this.transport.send(mail);
      sent.push({ messageId: id, template, attempts, response: receipt.response });
      return { kind: 'finished' };
    } catch (error) {
      const failure = classifySmtpFailure(error);
      const context = { delivery: id, template, attempts, response: failure.response };
      if (failure.permanent) {
        await this.deliveries.recordFailed(tx, id, attempts, failure.response);
        this.logger.warn(context, 'mail refused for good; not retried');
        tally.push('failed');
        return { kind: 'finished' };
      }
      if (attempts >= this.config.MAIL_RETRY_ATTEMPTS) {
        await this.deliveries.recordFailed(tx, id, attempts, failure.response);
        this.logger.error(context, 'mail delivery failed after the last retry; event dead-lettered');
        tally.push('failed');
        return { kind: 'dead-letter', reason: 'retries exhausted' };
      }
      await this.deliveries.recordRetrying(tx, id, attempts, failure.response);
      this.logger.warn({ ...context, retryInMs: retryDelayMs(attempts, mailBackoff(this.config)) }, 'mail delivery failed; will retry');
      tally.push('retrying');
      return { kind: 'retry', attempts };
    }
  }
}
