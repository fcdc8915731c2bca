import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { DatabaseHandle, Executor, insertRows, preparedStatement } from '@app/db';
import { DATABASE } from '@app/messaging';
import { WebhookDeliveryRow, webhookDeliveries, WebhookSubscriptionRow, webhookSubscriptions } from '../ledger/ledger.schema';

export type NewWebhookDelivery = Pick<WebhookDeliveryRow, 'subscriptionId' | 'companyId' | 'eventId' | 'eventType' | 'body'>;
export type DeliveryUpdate = Partial<Pick<WebhookDeliveryRow, 'status' | 'nextAttemptAt' | 'lastStatusCode' | 'lastError' | 'deliveredAt'>>;

@Injectable()
export class WebhooksRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  get db() {
    return this.database.db;
  }

  async insertSubscription(tx: Executor, values: typeof webhookSubscriptions.$inferInsert): Promise<WebhookSubscriptionRow> {
    const [row] = await tx.insert(webhookSubscriptions).values(values).returning();
    return row;
  }

  /** Holds the company's subscriptions until the transaction ends, so a limit check and an insert are one step. */
  async lockCompany(tx: Executor, companyId: string): Promise<void> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`contract_ledger.webhooks:${companyId}`}, 0))`);
  }

  activeForCompany(companyId: string, tx: Executor = this.database.db): Promise<WebhookSubscriptionRow[]> {
    return tx
      .select()
      .from(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.companyId, companyId), isNull(webhookSubscriptions.deletedAt)))
      .orderBy(asc(webhookSubscriptions.createdAt));
  }

  async ofCompany(companyId: string, id: string): Promise<WebhookSubscriptionRow | undefined> {
    const [row] = await this.database.db
      .select()
      .from(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.companyId, companyId), eq(webhookSubscriptions.id, id)));
    return row;
  }

  async softDelete(companyId: string, id: string): Promise<WebhookSubscriptionRow | undefined> {
    return this.database.db.transaction(async (tx) => {
      const [row] = await tx
        .update(webhookSubscriptions)
        .set({ deletedAt: sql`coalesce(${webhookSubscriptions.deletedAt}, now())` })
        .where(and(eq(webhookSubscriptions.companyId, companyId), eq(webhookSubscriptions.id, id)))
        .returning();
      if (row) {
        await tx
          .update(webhookDeliveries)
          .set({ status: 'cancelled', lastError: 'subscription deleted' })
          .where(and(eq(webhookDeliveries.subscriptionId, id), eq(webhookDeliveries.status, 'pending')));
      }
      return row;
    });
  }

  /** Active subscriptions of these companies that asked for this event type. */
  /** The live subscriptions of these companies to any of these event types. */
  subscribersOfAny(tx: Executor, companyIds: string[], eventTypes: string[]): Promise<WebhookSubscriptionRow[]> {
    return subscribersOfAnyStatement(tx, { companyIds, eventTypes });
  }

  async insertDeliveries(tx: Executor, rows: NewWebhookDelivery[]): Promise<number> {
    if (rows.length === 0) {
      return 0;
    }
    const inserted = await insertRows(tx, webhookDeliveries, rows, {
      onConflictDoNothing: { target: [webhookDeliveries.subscriptionId, webhookDeliveries.eventId] },
      returning: { id: webhookDeliveries.id },
    });
    return inserted.length;
  }

  /**
   * Takes up to `limit` due deliveries for one attempt: counts the attempt and
   * pushes the next try `leaseMs` away, so another dispatcher skips them and
   * a dispatcher that dies mid-request leaves them to be tried again.
   */
  claimDue(limit: number, leaseMs: number): Promise<WebhookDeliveryRow[]> {
    return this.database.db.transaction(async (tx) => {
      const due = await tx
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, sql`now()`)))
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (due.length === 0) {
        return [];
      }
      return tx
        .update(webhookDeliveries)
        .set({
          attempts: sql`${webhookDeliveries.attempts} + 1`,
          lastAttemptAt: sql`now()`,
          nextAttemptAt: sql`now() + make_interval(secs => ${leaseMs / 1000})`,
        })
        .where(
          inArray(
            webhookDeliveries.id,
            due.map((row) => row.id),
          ),
        )
        .returning();
    });
  }

  async subscriptionsByIds(ids: string[]): Promise<WebhookSubscriptionRow[]> {
    return ids.length === 0 ? [] : this.database.db.select().from(webhookSubscriptions).where(inArray(webhookSubscriptions.id, ids));
  }

  /** A failed delivery of this subscription goes back to the queue with a fresh set of attempts; undefined if there is none. */
  async requeueFailed(subscriptionId: string, deliveryId: string): Promise<WebhookDeliveryRow | undefined> {
    const [row] = await this.database.db
      .update(webhookDeliveries)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: sql`now()` })
      .where(
        and(
          eq(webhookDeliveries.subscriptionId, subscriptionId),
          eq(webhookDeliveries.id, deliveryId),
          eq(webhookDeliveries.status, 'failed'),
        ),
      )
      .returning();
    return row;
  }

  async delivery(subscriptionId: string, deliveryId: string): Promise<WebhookDeliveryRow | undefined> {
    const [row] = await this.database.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.subscriptionId, subscriptionId), eq(webhookDeliveries.id, deliveryId)));
    return row;
  }

  async updateDelivery(id: string, update: DeliveryUpdate): Promise<void> {
    await this.database.db.update(webhookDeliveries).set(update).where(eq(webhookDeliveries.id, id));
  }

  async deliveriesPage(subscriptionId: string, options: { page: number; pageSize: number; status?: WebhookDeliveryRow['status'] }) {
    const where = and(
      eq(webhookDeliveries.subscriptionId, subscriptionId),
      options.status ? eq(webhookDeliveries.status, options.status) : undefined,
    );
    const [items, [total]] = await Promise.all([
      this.database.db
        .select()
        .from(webhookDeliveries)
        .where(where)
        .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
        .limit(options.pageSize)
        .offset((options.page - 1) * options.pageSize),
      this.database.db.select({ value: count() }).from(webhookDeliveries).where(where),
    ]);
    return { items, total: total?.value ?? 0 };
  }
}

/** Run for every batch of contract events (see preparedStatement). */
const subscribersOfAnyStatement = preparedStatement('cw.webhooks.subscribers_of_any', (db) =>
  db
    .select()
    .from(webhookSubscriptions)
    .where(
      and(
        sql`${webhookSubscriptions.companyId} = ANY(${sql.placeholder('companyIds')}::text[])`,
        isNull(webhookSubscriptions.deletedAt),
        sql`${webhookSubscriptions.eventTypes} && ${sql.placeholder('eventTypes')}::text[]`,
      ),
    ),
);
