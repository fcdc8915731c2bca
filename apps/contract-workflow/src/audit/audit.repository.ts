import { Inject, Injectable } from '@nestjs/common';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { DatabaseHandle, Executor, insertRows, preparedStatement } from '@app/db';
import { DATABASE } from '@app/messaging';
import { AuditEntryRow, auditEntries } from '../ledger/ledger.schema';

export type NewAuditEntry = Omit<AuditEntryRow, 'id'>;

// Run for every batch of contracts that change (see preparedStatement).
const lockChainsStatement = preparedStatement('cw.audit.lock_chains', (db) =>
  db
    .select({ locked: sql`pg_advisory_xact_lock(hashtextextended(k, 0))` })
    .from(sql`unnest(${sql.placeholder('keys')}::text[]) WITH ORDINALITY AS t(k, n)`)
    .orderBy(sql`n`),
);
const lastOfStatement = preparedStatement('cw.audit.last_of', (db) =>
  db
    .selectDistinctOn([auditEntries.contractId])
    .from(auditEntries)
    .where(sql`${auditEntries.contractId} = ANY(${sql.placeholder('ids')}::uuid[])`)
    .orderBy(auditEntries.contractId, desc(auditEntries.seq)),
);

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
    await lockChainsStatement(tx, { keys: [...contractIds].sort().map((id) => `contract_ledger.audit:${id}`) });
  }

  /** The newest entry of each of these contracts (those without one are absent). */
  async lastOf(tx: Executor, contractIds: readonly string[]): Promise<AuditEntryRow[]> {
    return lastOfStatement(tx, { ids: [...contractIds] });
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
