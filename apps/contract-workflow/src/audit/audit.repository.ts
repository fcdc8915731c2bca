import { Inject, Injectable } from '@nestjs/common';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { DatabaseHandle, Executor, insertRows, preparedStatement } from '@app/db';
import { DATABASE } from '@app/messaging';
import { AuditEntryRow, auditEntries } from '../ledger/ledger.schema';

export type NewAuditEntry = Omit<AuditEntryRow, 'id'>;
export type ChainHead = Pick<AuditEntryRow, 'contractId' | 'seq' | 'hash'>;

// Run for every batch of contracts that change (see preparedStatement).
const lockChainsStatement = preparedStatement('cw.audit.lock_chains', (db) =>
  db
    .select({ locked: sql`pg_advisory_xact_lock(hashtextextended(k, 0))` })
    .from(sql`unnest(${sql.placeholder('keys')}::text[]) WITH ORDINALITY AS t(k, n)`)
    .orderBy(sql`n`),
);
/**
 * Each contract's newest entry, read from the end of its chain in the (contract, seq) index: one index entry per
 * contract, whatever the chain's length or the table's statistics (`DISTINCT ON` read every entry of each chain, and
 * on a table not yet analysed the whole table).
 */
const lastOfStatement = preparedStatement('cw.audit.last_of', (db) => {
  const last = db
    .select({ seq: auditEntries.seq, hash: auditEntries.hash })
    .from(auditEntries)
    .where(sql`${auditEntries.contractId} = ids.contract_id`)
    .orderBy(desc(auditEntries.seq))
    .limit(1)
    .as('last');
  return db
    .select({ contractId: sql<string>`ids.contract_id`, seq: last.seq, hash: last.hash })
    .from(sql`unnest(${sql.placeholder('ids')}::uuid[]) AS ids(contract_id)`)
    .innerJoinLateral(last, sql`true`);
});

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

  /** Where each of these contracts' chains ends: its newest entry's number and hash (a contract without one is absent). */
  async lastOf(tx: Executor, contractIds: readonly string[]): Promise<ChainHead[]> {
    return lastOfStatement(tx, { ids: [...contractIds] });
  }

  /** Nothing comes back: the caller made every value of these rows but the ID, which nobody reads. */
  async insertAll(tx: Executor, entries: NewAuditEntry[]): Promise<void> {
    await insertRows(tx, auditEntries, entries, { unnest: true });
  }

  forContract(contractId: string): Promise<AuditEntryRow[]> {
    return this.database.db.select().from(auditEntries).where(eq(auditEntries.contractId, contractId)).orderBy(asc(auditEntries.seq));
  }
}
