import { Inject, Injectable } from '@nestjs/common';
import { and, count, desc, eq, inArray, SQL, sql } from 'drizzle-orm';
import { MailDeliveryStatus, MailTemplate } from '@app/contracts';
import { DatabaseHandle, Executor, insertRows, Transaction } from '@app/db';
import { DATABASE } from '@app/messaging';
import { deliveries, DeliveryRow, NewDeliveryRow } from '../database/notification.schema';

/** A mail the SMTP server (or the .eml folder) took, with the attempt that did it. */
export interface SentDelivery {
  messageId: string;
  attempts: number;
  response: string;
}

export interface DeliveryFilter {
  companyId: string;
  status?: MailDeliveryStatus;
  template?: MailTemplate;
}

/** Queries of the deliveries table; what they mean is decided by the use cases. */
@Injectable()
export class DeliveriesRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /** Inserts the row of a newly accepted request; a row that exists already is left as it is. */
  async accept(tx: Executor, row: NewDeliveryRow): Promise<void> {
    await this.acceptAll(tx, [row]);
  }

  async acceptAll(tx: Executor, rows: NewDeliveryRow[]): Promise<void> {
    if (rows.length > 0) {
      await insertRows(tx, deliveries, rows, { onConflictDoNothing: true });
    }
  }

  /**
   * The rows, locked until the transaction ends: one attempt at a time per
   * mail, even with two consumers. Locked in key order, so two batches that
   * share rows wait for each other instead of deadlocking.
   */
  async lockForAttempts(tx: Transaction, messageIds: string[]): Promise<DeliveryRow[]> {
    return tx.select().from(deliveries).where(inArray(deliveries.messageId, messageIds)).orderBy(deliveries.messageId).for('update');
  }

  /** Final for each mail, in one statement: the secret is erased with it (the table's check constraint insists). */
  async recordSentAll(tx: Executor, sent: SentDelivery[]): Promise<void> {
    if (sent.length === 0) {
      return;
    }
    const now = new Date();
    const values = sql`unnest(${sql.param(sent.map(({ messageId }) => messageId))}::text[], ${sql.param(sent.map(({ attempts }) => attempts))}::int[], ${sql.param(sent.map(({ response }) => response))}::text[]) AS sent(message_id, attempts, response)`;
    await tx
      .update(deliveries)
      .set({
        status: 'sent',
        sealedSecret: null,
        attempts: sql`sent.attempts`,
        lastResponse: sql`sent.response`,
        lastAttemptAt: now,
        sentAt: now,
        updatedAt: now,
      })
      .from(values)
      .where(eq(deliveries.messageId, sql`sent.message_id`));
  }

  async recordRetrying(tx: Executor, messageId: string, attempts: number, response: string): Promise<void> {
    const now = new Date();
    await tx
      .update(deliveries)
      .set({ status: 'retrying', attempts, lastResponse: response, lastAttemptAt: now, updatedAt: now })
      .where(eq(deliveries.messageId, messageId));
  }

  /** Final: the secret is erased in the same statement. `attempted` is false when no SMTP attempt was made now. */
  async recordFailed(tx: Executor, messageId: string, attempts: number, response: string, attempted = true): Promise<void> {
    const now = new Date();
    await tx
      .update(deliveries)
      .set({
        status: 'failed',
        sealedSecret: null,
        attempts,
        lastResponse: response,
        updatedAt: now,
        ...(attempted ? { lastAttemptAt: now } : {}),
      })
      .where(eq(deliveries.messageId, messageId));
  }

  /** One page of a company's delivery log, newest first, with the total for paging. */
  async listForCompany(filter: DeliveryFilter, page: number, pageSize: number): Promise<{ rows: DeliveryRow[]; total: number }> {
    const where = and(...conditionsOf(filter));
    const db = this.database.db;
    const [rows, [totals]] = await Promise.all([
      db
        .select()
        .from(deliveries)
        .where(where)
        .orderBy(desc(deliveries.createdAt), desc(deliveries.messageId))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      db.select({ total: count() }).from(deliveries).where(where),
    ]);
    return { rows, total: totals?.total ?? 0 };
  }
}

function conditionsOf(filter: DeliveryFilter): SQL[] {
  const conditions = [eq(deliveries.recipientCompanyId, filter.companyId)];
  if (filter.status) {
    conditions.push(eq(deliveries.status, filter.status));
  }
  if (filter.template) {
    conditions.push(eq(deliveries.template, filter.template));
  }
  return conditions;
}
