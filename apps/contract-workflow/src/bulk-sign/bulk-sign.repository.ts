import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, eq, gte, ilike, inArray, isNotNull, lt, notExists, SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { BULK_SIGN_LIMIT, bulkSignSearchSchema } from '@app/contracts';
import { DatabaseHandle, Executor, insertRows, likeContaining, preparedStatement } from '@app/db';
import { DATABASE } from '@app/messaging';
import { contracts } from '../database/contract-workflow.schema';
import type { ContractRow } from '../contracts/contracts.repository';
import { bulkItems, bulkSessions } from './bulk-sign.schema';

export type BulkSessionRow = typeof bulkSessions.$inferSelect;
export type BulkItemRow = typeof bulkItems.$inferSelect;
export interface BulkItemWithContract {
  item: BulkItemRow;
  contract: ContractRow;
}
type Search = z.output<typeof bulkSignSearchSchema>;
export interface ItemKey {
  sessionId: string;
  contractId: string;
}
export interface ConcludedItem {
  registrantUserId: string;
  /** The receiving company, as the registrant's side calls its counterparty. */
  counterpartyName: string;
  documentNumber: string;
  contractName: string;
  concludedAt: Date;
}
export type ItemOutcome = { state: 'CONCLUDED' } | { state: 'FAILED'; code: string; ja: string; en: string };

// The statements of every batch of bulk-signed documents, built once (see preparedStatement).
/**
 * Items by (session, contract), each array one column of the pairs (see itemKeyValues). The sessions, each once, and
 * the contracts are index conditions on the primary key whatever the table's statistics say (the pairs alone were
 * joined to the whole table, read sequentially, until it was first analysed); the pairs keep it to exactly these
 * items.
 */
const itemKeysIn = sql`${bulkItems.sessionId} = ANY(${sql.placeholder('sessions')}::uuid[]) AND ${bulkItems.contractId} = ANY(${sql.placeholder('contractIds')}::uuid[]) AND (${bulkItems.sessionId}, ${bulkItems.contractId}) IN (SELECT * FROM unnest(${sql.placeholder('sessionIds')}::uuid[], ${sql.placeholder('contractIds')}::uuid[]))`;
/** itemKeysIn's values for these items. */
function itemKeyValues(keys: readonly ItemKey[]): { sessions: string[]; sessionIds: string[]; contractIds: string[] } {
  const sessionIds = keys.map((key) => key.sessionId);
  return { sessions: [...new Set(sessionIds)], sessionIds, contractIds: keys.map((key) => key.contractId) };
}
const lockItemsStatement = preparedStatement('cw.bulk.lock_items', (db) =>
  db.select().from(bulkItems).where(itemKeysIn).orderBy(asc(bulkItems.contractId)).for('update'),
);
const findSessionsStatement = preparedStatement('cw.bulk.find_sessions', (db) =>
  db
    .select()
    .from(bulkSessions)
    .where(sql`${bulkSessions.id} = ANY(${sql.placeholder('ids')}::uuid[])`),
);
/** What a batch's conclusion checks of each contract before it concludes it (`concludeAll` returns what it goes on with). */
const lockedContractFields = {
  id: contracts.id,
  version: contracts.version,
  status: contracts.status,
  registrantUserId: contracts.registrantUserId,
  recipientUserId: contracts.recipientUserId,
  currentActorUserId: contracts.currentActorUserId,
  currentSide: contracts.currentSide,
  receiverCompanyId: contracts.receiverCompanyId,
  currentSha256: contracts.currentSha256,
};
export type LockedContract = Pick<ContractRow, keyof typeof lockedContractFields>;

const lockContractsStatement = preparedStatement('cw.bulk.lock_contracts', (db) =>
  db
    .select(lockedContractFields)
    .from(contracts)
    .where(sql`${contracts.id} = ANY(${sql.placeholder('ids')}::uuid[])`)
    .orderBy(asc(contracts.id))
    .for('update'),
);
const concludeItemsStatement = preparedStatement('cw.bulk.conclude_items', (db) =>
  db
    .update(bulkItems)
    .set({ state: 'CONCLUDED', active: false, finishedAt: sql`${sql.placeholder('finishedAt')}::timestamptz` })
    .where(itemKeysIn),
);
const countFinishedStatement = preparedStatement('cw.bulk.count_finished', (db) =>
  db
    .update(bulkSessions)
    .set({
      done: sql`${bulkSessions.done} + ${sql.placeholder('done')}::int`,
      failed: sql`${bulkSessions.failed} + ${sql.placeholder('failed')}::int`,
    })
    .where(eq(bulkSessions.id, sql.placeholder('id')))
    .returning(),
);

/** Whether a document is being bulk-signed right now (the other commands wait until it is done). */
export async function inActiveBulkSession(db: Executor, contractId: string): Promise<boolean> {
  const [row] = await db
    .select({ sessionId: bulkItems.sessionId })
    .from(bulkItems)
    .where(and(eq(bulkItems.contractId, contractId), eq(bulkItems.active, true)))
    .limit(1);
  return row !== undefined;
}

/**
 * What a bulk user may select: documents sent to its company, addressed to it,
 * waiting for its receipt (受領側受取待ち, so it is the current actor), and not
 * being bulk-signed by another session.
 */
function selectable(companyId: string, userId: string): SQL {
  return and(
    eq(contracts.receiverCompanyId, companyId),
    isNotNull(contracts.sentAt),
    eq(contracts.status, 'AWAITING_RECEIPT'),
    eq(contracts.recipientUserId, userId),
    eq(contracts.currentActorUserId, userId),
    notExists(
      // The outer contracts.id inside the subquery: drizzle would otherwise print the bare column.
      sql`(SELECT 1 FROM ${bulkItems} WHERE ${bulkItems.contractId} = ${contracts}.${sql.identifier('id')} AND ${bulkItems.active})`,
    ),
  ) as SQL;
}

@Injectable()
export class BulkSignRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /** 契約文書一括署名（受取）選択: oldest document number first, at most the limit, and how many match in all. */
  async candidates(companyId: string, userId: string, search: Search): Promise<{ rows: ContractRow[]; total: number }> {
    const conditions: (SQL | undefined)[] = [selectable(companyId, userId)];
    if (search.documentNumber) {
      conditions.push(eq(contracts.documentNumber, search.documentNumber));
    }
    if (search.name) {
      conditions.push(ilike(contracts.name, likeContaining(search.name)));
    }
    if (search.counterpartyName) {
      conditions.push(ilike(contracts.senderCompanyName, likeContaining(search.counterpartyName)));
    }
    if (search.counterpartySide) {
      // The counterparty is the sender here: its side is the contract's sender side.
      conditions.push(eq(contracts.senderSide, search.counterpartySide));
    }
    if (search.updatedFrom) {
      conditions.push(gte(contracts.updatedAt, sql`${search.updatedFrom}::date::timestamp AT TIME ZONE 'Asia/Tokyo'`));
    }
    if (search.updatedTo) {
      conditions.push(lt(contracts.updatedAt, sql`(${search.updatedTo}::date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'`));
    }
    const where = and(...conditions);
    const db = this.database.db;
    const [rows, [{ total } = { total: 0 }]] = await Promise.all([
      db.select().from(contracts).where(where).orderBy(asc(contracts.documentNumber)).limit(BULK_SIGN_LIMIT),
      db.select({ total: count() }).from(contracts).where(where),
    ]);
    return { rows, total };
  }

  /** Of these documents, the ones the user may select now. */
  async selectableAmong(executor: Executor, companyId: string, userId: string, contractIds: string[]): Promise<ContractRow[]> {
    return executor
      .select()
      .from(contracts)
      .where(and(selectable(companyId, userId), inArray(contracts.id, contractIds)));
  }

  async insertSession(tx: Executor, values: typeof bulkSessions.$inferInsert, contractIds: string[]): Promise<BulkSessionRow> {
    const [session] = await tx.insert(bulkSessions).values(values).returning();
    await insertRows(
      tx,
      bulkItems,
      contractIds.map((contractId, position) => ({ sessionId: session.id, contractId, position })),
      { keptReferencePlans: true, unnest: true },
    );
    return session;
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      await tx.delete(bulkItems).where(eq(bulkItems.sessionId, sessionId));
      await tx.delete(bulkSessions).where(eq(bulkSessions.id, sessionId));
    });
  }

  async findSession(executor: Executor, sessionId: string, lock = false): Promise<BulkSessionRow | undefined> {
    const query = executor.select().from(bulkSessions).where(eq(bulkSessions.id, sessionId));
    const [row] = lock ? await query.for('update') : await query;
    return row;
  }

  /** A session's items in the order chosen, each with its contract. */
  async items(executor: Executor, sessionId: string): Promise<BulkItemWithContract[]> {
    return executor
      .select({ item: bulkItems, contract: contracts })
      .from(bulkItems)
      .innerJoin(contracts, eq(contracts.id, bulkItems.contractId))
      .where(eq(bulkItems.sessionId, sessionId))
      .orderBy(asc(bulkItems.position));
  }

  async lockItem(tx: Executor, sessionId: string, contractId: string): Promise<BulkItemRow | undefined> {
    const [row] = await tx
      .select()
      .from(bulkItems)
      .where(and(eq(bulkItems.sessionId, sessionId), eq(bulkItems.contractId, contractId)))
      .for('update');
    return row;
  }

  /** SELECTED → STARTING, once: the caller that gets the row starts the session. */
  async claimStart(tx: Executor, sessionId: string, clientIp: string | null): Promise<boolean> {
    const claimed = await tx
      .update(bulkSessions)
      .set({ status: 'STARTING', executedAt: sql`now()`, clientIp })
      .where(and(eq(bulkSessions.id, sessionId), eq(bulkSessions.status, 'SELECTED')))
      .returning({ id: bulkSessions.id });
    return claimed.length === 1;
  }

  /** The documents handed to the signing workers belong to this session until done. */
  async activate(tx: Executor, sessionId: string, contractIds: string[]): Promise<void> {
    if (contractIds.length > 0) {
      await tx
        .update(bulkItems)
        .set({ active: true })
        .where(and(eq(bulkItems.sessionId, sessionId), inArray(bulkItems.contractId, contractIds)));
    }
  }

  /** Start refused (wrong password, certificate): the session is as it was after 対象選択. */
  async resetStart(sessionId: string): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      await tx
        .update(bulkItems)
        .set({ state: 'PENDING', active: false, failureCode: null, failureJa: null, failureEn: null, finishedAt: null })
        .where(eq(bulkItems.sessionId, sessionId));
      await tx
        .update(bulkSessions)
        .set({ status: 'SELECTED', done: 0, failed: 0, executedAt: null, clientIp: null })
        .where(and(eq(bulkSessions.id, sessionId), eq(bulkSessions.status, 'STARTING')));
    });
  }

  async markRunning(sessionId: string): Promise<void> {
    await this.database.db
      .update(bulkSessions)
      .set({ status: 'RUNNING' })
      .where(and(eq(bulkSessions.id, sessionId), eq(bulkSessions.status, 'STARTING')));
  }

  /** Items of a batch, locked in one order (contract ID) so that concurrent batches cannot deadlock. */
  async lockItems(tx: Executor, keys: readonly ItemKey[]): Promise<BulkItemRow[]> {
    if (keys.length === 0) {
      return [];
    }
    return lockItemsStatement(tx, itemKeyValues(keys));
  }

  async findSessions(tx: Executor, sessionIds: readonly string[]): Promise<BulkSessionRow[]> {
    return sessionIds.length === 0 ? [] : findSessionsStatement(tx, { ids: [...sessionIds] });
  }

  /**
   * Contracts of a batch, locked in ID order, with only what the conclusion
   * checks (6 of 28 columns; four of the others are timestamps, each parsed
   * into a Date).
   */
  async lockContracts(tx: Executor, contractIds: readonly string[]): Promise<LockedContract[]> {
    return contractIds.length === 0 ? [] : lockContractsStatement(tx, { ids: [...contractIds] });
  }

  /**
   * Documents finished, of one session or several: their states, then each
   * session's counters once (COMPLETED with its last document). Returns the
   * sessions as they are now, each once.
   */
  async finishItems(tx: Executor, finished: readonly (ItemKey & { outcome: ItemOutcome })[], finishedAt: Date): Promise<BulkSessionRow[]> {
    const concluded = finished.filter((item) => item.outcome.state === 'CONCLUDED');
    if (concluded.length > 0) {
      await concludeItemsStatement(tx, { ...itemKeyValues(concluded), finishedAt });
    }
    for (const { sessionId, contractId, outcome } of finished) {
      if (outcome.state === 'FAILED') {
        await tx
          .update(bulkItems)
          .set({
            state: 'FAILED',
            active: false,
            finishedAt,
            failureCode: outcome.code,
            failureJa: outcome.ja,
            failureEn: outcome.en,
          })
          .where(and(eq(bulkItems.sessionId, sessionId), eq(bulkItems.contractId, contractId)));
      }
    }
    const sessions: BulkSessionRow[] = [];
    for (const sessionId of [...new Set(finished.map((item) => item.sessionId))].sort()) {
      const ofSession = finished.filter((item) => item.sessionId === sessionId);
      const done = ofSession.filter((item) => item.outcome.state === 'CONCLUDED').length;
      const [session] = await countFinishedStatement(tx, { id: sessionId, done, failed: ofSession.length - done });
      if (session.done + session.failed === session.total && session.status !== 'COMPLETED') {
        const [completed] = await tx
          .update(bulkSessions)
          // The moment it completed, not the start of this (possibly long) transaction, which now() would give.
          .set({ status: 'COMPLETED', completedAt: sql`clock_timestamp()` })
          .where(eq(bulkSessions.id, sessionId))
          .returning();
        sessions.push(completed);
      } else {
        sessions.push(session);
      }
    }
    return sessions;
  }

  async failedItems(tx: Executor, sessionId: string): Promise<{ documentNumber: string; ja: string | null; en: string | null }[]> {
    return tx
      .select({ documentNumber: contracts.documentNumber, ja: bulkItems.failureJa, en: bulkItems.failureEn })
      .from(bulkItems)
      .innerJoin(contracts, eq(contracts.id, bulkItems.contractId))
      .where(and(eq(bulkItems.sessionId, sessionId), eq(bulkItems.state, 'FAILED')))
      .orderBy(asc(bulkItems.position));
  }

  /** The contracts a session concluded, in the order they were chosen, with whom to tell (their registrants). */
  async concludedItems(tx: Executor, sessionId: string): Promise<ConcludedItem[]> {
    const rows = await tx
      .select({
        registrantUserId: contracts.registrantUserId,
        counterpartyName: contracts.receiverCompanyName,
        documentNumber: contracts.documentNumber,
        contractName: contracts.name,
        concludedAt: contracts.concludedAt,
      })
      .from(bulkItems)
      .innerJoin(contracts, eq(contracts.id, bulkItems.contractId))
      .where(and(eq(bulkItems.sessionId, sessionId), eq(bulkItems.state, 'CONCLUDED')))
      .orderBy(asc(bulkItems.position));
    return rows.map((row) => ({ ...row, concludedAt: row.concludedAt as Date }));
  }
}
