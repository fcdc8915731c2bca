import { randomUUID } from 'node:crypto';
import { tableScans } from '@app/testing';
import { BulkSignRepository } from '@apps/contract-workflow/src/bulk-sign/bulk-sign.repository';
import { LedgerHarness } from './ledger-harness';

/**
 * Real: contract-workflow's repository on PostgreSQL. A batch's items are
 * found by (session, contract) through the primary key, not by reading the
 * whole table, also while the table has never been analysed (a new platform,
 * or one that grew faster than autovacuum looks), and only exactly the
 * batch's items are locked and concluded, although the same documents are
 * also in other sessions.
 */
describe('bulk-sign items of a batch', () => {
  let harness: LedgerHarness;
  let repository: BulkSignRepository;

  beforeAll(async () => {
    harness = await LedgerHarness.start();
    repository = harness.app.get(BulkSignRepository);
  });

  afterAll(async () => {
    await harness?.close();
  });

  const query = <R extends object>(text: string, values: unknown[] = []) =>
    harness.database.pool.query<R>(text, values).then((result) => result.rows);

  /** A session of these documents, each PENDING; `active` as 一括署名（受取） leaves them. */
  async function session(contractIds: string[], active: boolean): Promise<string> {
    const [{ id }] = await query<{ id: string }>(
      `INSERT INTO contract_bulk.sessions (company_id, user_id, status, total) VALUES ('C000002', 'U000021', 'RUNNING', $1) RETURNING id`,
      [contractIds.length],
    );
    await query(
      `INSERT INTO contract_bulk.items (session_id, contract_id, position, active)
       SELECT $1, contract_id, position, $3 FROM unnest($2::uuid[]) WITH ORDINALITY AS t(contract_id, position)`,
      [id, contractIds, active],
    );
    return id;
  }

  const sequentialScans = () => tableScans(harness.database.pool, 'contract_bulk', 'items');

  it('locks and concludes exactly the batch, through the primary key, before the table was ever analysed', async () => {
    const documents = Array.from({ length: 40 }, () => randomUUID());
    // The same documents in an earlier session that was never executed, and 20 other sessions of 200.
    const earlier = await session(documents, false);
    for (let other = 0; other < 20; other += 1) {
      await session(
        Array.from({ length: 200 }, () => randomUUID()),
        false,
      );
    }
    const current = await session(documents, true);
    const before = await sequentialScans();
    expect(before.analysed).toBe(false);

    const keys = documents.map((contractId) => ({ sessionId: current, contractId }));
    const locked = await harness.inTransaction(async (tx) => {
      const items = await repository.lockItems(tx, keys);
      await repository.finishItems(
        tx,
        keys.map((key) => ({ ...key, outcome: { state: 'CONCLUDED' as const } })),
        new Date(),
      );
      return items;
    });
    expect(locked.map((item) => [item.sessionId, item.contractId])).toEqual(
      [...documents].sort().map((contractId) => [current, contractId]),
    );
    expect((await sequentialScans()).sequential).toBe(before.sequential);

    const states = await query<{ session_id: string; state: string; active: boolean; n: string }>(
      `SELECT session_id, state, active, count(*) AS n FROM contract_bulk.items WHERE contract_id = ANY($1::uuid[])
       GROUP BY session_id, state, active ORDER BY session_id = $2`,
      [documents, current],
    );
    expect(states).toEqual([
      { session_id: earlier, state: 'PENDING', active: false, n: '40' },
      { session_id: current, state: 'CONCLUDED', active: false, n: '40' },
    ]);
    const [counters] = await query<{ done: number; status: string }>(`SELECT done, status FROM contract_bulk.sessions WHERE id = $1`, [
      current,
    ]);
    expect(counters).toEqual({ done: 40, status: 'COMPLETED' });
  });
});
