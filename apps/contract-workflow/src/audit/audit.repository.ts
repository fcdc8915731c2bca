import { Inject, Injectable } from '@nestjs/common';
import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { DatabaseHandle, Executor, insertRows } from '@app/db';
import { DATABASE } from '@app/messaging';
import { AuditEntryRow, auditEntries } from '../ledger/ledger.schema';

export type NewAuditEntry = Omit<AuditEntryRow, 'id'>;

@Injectable()
export class AuditRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /**
   * Serialises appends to these contracts' chains until the caller's
   * transaction ends: the next entry must see the one before it. Other
   * contracts are not held up.
   */
  async lockChains(tx: Executor, contractIds: readonly string[]): Promise<void> {
    // In one order, so two transactions that share contracts cannot deadlock on them.
    const keys = [...contractIds].sort().map((id) => `contract_ledger.audit:${id}`);
    const list = sql.join(
      keys.map((key) => sql`${key}`),
      sql`, `,
    );
    await tx.execute(
      sql`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(ARRAY[${list}]::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n`,
    );
  }

  /** The newest entry of each of these contracts (those without one are absent). */
  async lastOf(tx: Executor, contractIds: readonly string[]): Promise<AuditEntryRow[]> {
    return tx
      .selectDistinctOn([auditEntries.contractId])
      .from(auditEntries)
      .where(inArray(auditEntries.contractId, [...contractIds]))
      .orderBy(auditEntries.contractId, desc(auditEntries.seq));
  }

  /** In seq order, as given. */
  async insertAll(tx: Executor, entries: NewAuditEntry[]): Promise<AuditEntryRow[]> {
    const rows = await insertRows(tx, auditEntries, entries, { returning: true });
    return rows.sort((a, b) => a.seq - b.seq);
  }

  forContract(contractId: string): Promise<AuditEntryRow[]> {
    return this.database.db.select().from(auditEntries).where(eq(auditEntries.contractId, contractId)).orderBy(asc(auditEntries.seq));
  }
}
