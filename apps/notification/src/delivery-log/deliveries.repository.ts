import { Inject, Injectable } from '@nestjs/common';
import { and, count, desc, eq, SQL } from 'drizzle-orm';
import { MailDeliveryStatus, MailTemplate } from '@app/contracts';
import { DatabaseHandle, Executor, Transaction } from '@app/db';
import { DATABASE } from '@app/messaging';
import { deliveries, DeliveryRow, NewDeliveryRow } from '../database/notification.schema';

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
      await tx.insert(deliveries).values(rows).onConflictDoNothing();
    }
  }

  /** The row, locked until the transaction ends: one attempt at a time per mail, even with two consumers. */
  async lockForAttempt(tx: Transaction, messageId: string): Promise<DeliveryRow | undefined> {
    const [row] = await tx.select().from(deliveries).where(eq(deliveries.messageId, messageId)).for('update');
    return row;
  }

  /** Final: the secret is erased in the same statement (the table's check constraint insists). */
  async recordSent(tx: Executor, messageId: string, attempts: number, response: string): Promise<void> {
    const now = new Date();
    await tx
      .update(deliveries)
      .set({ status: 'sent', sealedSecret: null, attempts, lastResponse: response, lastAttemptAt: now, sentAt: now, updatedAt: now })
      .where(eq(deliveries.messageId, messageId));
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
