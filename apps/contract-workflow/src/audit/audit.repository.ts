import { Inject, Injectable } from '@nestjs/common';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { DatabaseHandle, Executor } from '@app/db';
import { DATABASE } from '@app/messaging';
import { AuditEntryRow, auditEntries } from '../ledger/ledger.schema';

export type NewAuditEntry = Omit<AuditEntryRow, 'id'>;

@Injectable()
export class AuditRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /**
   * Serialises appends to one contract's chain until the caller's transaction
   * ends: the next entry must see the one before it. Other contracts are not held up.
   */
  async lockChain(tx: Executor, contractId: string): Promise<void> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`contract_ledger.audit:${contractId}`}, 0))`);
  }

  async last(tx: Executor, contractId: string): Promise<AuditEntryRow | undefined> {
    const [row] = await tx
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.contractId, contractId))
      .orderBy(desc(auditEntries.seq))
      .limit(1);
    return row;
  }

  /** In seq order, as given. */
  async insertAll(tx: Executor, entries: NewAuditEntry[]): Promise<AuditEntryRow[]> {
    const rows = await tx.insert(auditEntries).values(entries).returning();
    return rows.sort((a, b) => a.seq - b.seq);
  }

  forContract(contractId: string): Promise<AuditEntryRow[]> {
    return this.database.db.select().from(auditEntries).where(eq(auditEntries.contractId, contractId)).orderBy(asc(auditEntries.seq));
  }
}
