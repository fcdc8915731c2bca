import { isNull, sql } from 'drizzle-orm';
import { Database } from '@app/db';
import { OutboxTable } from './outbox.table';

/** Unsent events of a service, for health and tests. */
export async function countUnsent(db: Database, outbox: OutboxTable): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(outbox)
    .where(isNull(outbox.sentAt));
  return row?.count ?? 0;
}

export interface OutboxLag {
  /** Events committed but not yet confirmed by the broker. */
  unsent: number;
  /** Age of the oldest of them in seconds (0 when none). */
  oldestUnsentSeconds: number;
}

/**
 * How far a service's outbox is behind: a relay that stalls (a broker that
 * stopped confirming, a connection that never came back) shows here as a
 * growing age, which health turns into "down" past a threshold. Both numbers
 * come from the partial index of unsent rows.
 */
export async function outboxLag(db: Database, outbox: OutboxTable): Promise<OutboxLag> {
  const [row] = await db
    .select({
      unsent: sql<number>`count(*)::int`,
      oldestUnsentSeconds: sql<number>`coalesce(floor(extract(epoch from now() - min(${outbox.createdAt}))), 0)::int`,
    })
    .from(outbox)
    .where(isNull(outbox.sentAt));
  return { unsent: row?.unsent ?? 0, oldestUnsentSeconds: Math.max(0, row?.oldestUnsentSeconds ?? 0) };
}
