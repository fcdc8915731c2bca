import { sql } from 'drizzle-orm';
import { eventually } from '@app/testing';
import { BULK_TEST_SETTINGS } from './bulk-fixture';
import { CrashScenario, DOCUMENTS } from './crash-scenario';
import { PrivateRabbitMq } from './private-rabbitmq';

const RESTARTS = 10;
/** More sessions select for minutes on a loaded machine; one session signs through the first restarts. */
const SESSIONS = 1;
const OUTBOXES = ['identity', 'contract_workflow', 'signing', 'notification'];

/**
 * The broker restart that once stalled an outbox for good: a RabbitMQ node of
 * this test's own is restarted (stop_app / start_app) ten times in a row while
 * bulk sessions sign. After each restart every outbox must drain within
 * 30 s and no PostgreSQL connection may stay idle in transaction; in the end
 * each document is concluded once and each session's completion mail is sent.
 */
describe('bulk signing, crash safety: RabbitMQ restarted ten times in a row during a batch', () => {
  let scenario: CrashScenario | undefined;
  let rabbit: PrivateRabbitMq | undefined;

  afterEach(async () => {
    await scenario?.close();
    await rabbit?.stop();
  });

  it('drains every outbox within 30 s of each restart, holds no transaction open, and sends the completion mail', async () => {
    rabbit = await PrivateRabbitMq.start();
    scenario = await CrashScenario.start({ ...BULK_TEST_SETTINGS, AMQP_URL: rabbit.url, OUTBOX_CONFIRM_TIMEOUT_MS: '5000' });
    const { env } = scenario;
    const database = new URL(env.config.DATABASE_URL).pathname.slice(1);
    const unsentSince = async (before: Date) => {
      let total = 0;
      for (const schema of OUTBOXES) {
        const result = await env.database.db.execute(
          sql`SELECT count(*) AS n FROM ${sql.identifier(schema)}.outbox WHERE sent_at IS NULL AND created_at < ${before.toISOString()}::timestamptz`,
        );
        total += Number((result.rows[0] as { n: string }).n);
      }
      return total;
    };
    // Longer than the relay's confirm deadline (5 s) with room for a loaded machine: a wait that was never bounded.
    const stuckInTransaction = async () => {
      const result = await env.database.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND state = 'idle in transaction' AND now() - state_change > interval '15 seconds'`,
        [database],
      );
      return result.rows[0].n;
    };
    const summaries = () => env.smtp.messages.filter((mail) => mail.subject.includes('一括署名 完了のお知らせ'));

    // Several sessions (each selected and started in turn: a new selection replaces one not yet started), so that
    // the restarts keep finding a batch in flight.
    await scenario.worker({ BULK_SIGN_CONCURRENCY: '1' });
    const sessions: Awaited<ReturnType<CrashScenario['selectAll']>>[] = [];
    for (let index = 0; index < SESSIONS; index += 1) {
      const session = await scenario.selectAll();
      await scenario.execute(session.sessionId, session.password);
      sessions.push(session);
    }
    await scenario.waitUntilDone(sessions[0].sessionId, 2);
    const signed = async () => {
      let total = 0;
      for (const { sessionId } of sessions) {
        total += await scenario!.signedCount(sessionId);
      }
      return total;
    };

    const drainMs: number[] = [];
    const signedAtRestart: number[] = [];
    for (let round = 1; round <= RESTARTS; round += 1) {
      signedAtRestart.push(await signed());
      await rabbit.restartApp();
      const back = new Date();
      await eventually(async () => (await unsentSince(back)) === 0, 30_000, 200).catch((error: Error) => {
        throw new Error(`restart ${round}: an outbox did not drain within 30 s (${error.message})`);
      });
      drainMs.push(Date.now() - back.getTime());
      expect({ round, stuck: await stuckInTransaction() }).toEqual({ round, stuck: 0 });
    }
    // The restarts began while the batch was signing (it signs faster than the node restarts, so the later
    // ones meet the conclusions, mails and outboxes it leaves behind).
    expect(signedAtRestart[0]).toBeLessThan(SESSIONS * DOCUMENTS);

    for (const { sessionId, contractIds } of sessions) {
      await scenario.expectEachConcludedOnce(sessionId, contractIds);
    }
    await eventually(async () => summaries().length >= SESSIONS, 60_000);
    await scenario.settle();
    expect(summaries()).toHaveLength(SESSIONS);
    expect(await stuckInTransaction()).toBe(0);
    expect(drainMs.every((ms) => ms < 30_000)).toBe(true);
  }, 900_000);
});
