import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { BulkSignRepository } from '@apps/contract-workflow/src/bulk-sign/bulk-sign.repository';
import { LedgerHarness } from './ledger-harness';

/**
 * Real: contract-workflow's repository on PostgreSQL. A session's completedAt
 * is when it completed, not when the (possibly long) transaction that
 * concluded its last document began — a GET a second after completedAt must
 * not still see it RUNNING because the transaction had started a second
 * before it got there.
 */
describe('bulk-sign session completedAt', () => {
  let harness: LedgerHarness;
  let repository: BulkSignRepository;

  beforeAll(async () => {
    harness = await LedgerHarness.start();
    repository = harness.app.get(BulkSignRepository);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('is the moment the last document finished, later than the start of its transaction', async () => {
    const contractId = randomUUID();
    const {
      rows: [{ id: sessionId }],
    } = await harness.database.pool.query<{ id: string }>(
      `INSERT INTO contract_bulk.sessions (company_id, user_id, status, total) VALUES ('C000002', 'U000021', 'RUNNING', 1) RETURNING id`,
    );
    await harness.database.pool.query(
      `INSERT INTO contract_bulk.items (session_id, contract_id, position, active) VALUES ($1, $2, 1, true)`,
      [sessionId, contractId],
    );

    const { began, finishedAt, completed } = await harness.database.db.transaction(async (tx) => {
      const [{ began: started }] = (await tx.execute(sql`SELECT now() AS began`)).rows as { began: string }[];
      // Earlier work of the same transaction (other documents, mails) takes time.
      await tx.execute(sql`SELECT pg_sleep(1)`);
      const finishing = Date.now();
      const [session] = await repository.finishItems(
        tx,
        [{ sessionId, contractId, outcome: { state: 'FAILED', code: 'TEST', ja: 'テスト', en: 'test' } }],
        new Date(finishing),
      );
      return { began: new Date(started), finishedAt: finishing, completed: session };
    });

    expect(completed.status).toBe('COMPLETED');
    const completedAt = completed.completedAt!.getTime();
    expect(completedAt - began.getTime()).toBeGreaterThanOrEqual(1_000);
    // Taken while finishing (the database's clock and this process's are the same machine's).
    expect(Math.abs(completedAt - finishedAt)).toBeLessThan(1_000);
  });
});
