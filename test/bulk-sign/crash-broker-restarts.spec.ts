import { sql } from 'drizzle-orm';
import { eventually } from '@app/testing';
import { awaitingReceipt, BULK_TEST_SETTINGS, copiesOf } from './bulk-fixture';
import { CrashScenario } from './crash-scenario';
import { PrivateRabbitMq } from './private-rabbitmq';

const RESTARTS = 10;
/** One session per restart. */
const SESSIONS = RESTARTS;
/**
 * Documents per session: one worker signs some 15–20 a second here, about as many as go by between the first
 * signature and the node's port closing (stop_app takes ~1 s), so 12 a session often finished before the stop.
 */
const PER_SESSION = 80;
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

    // One session per restart (copies of one waiting contract). Before each restart the next session is selected and
    // executed, and the node is stopped once some of its documents are signed: every restart meets a batch in flight
    // (the earlier sessions finish meanwhile, so the restarts also meet their conclusions and mails).
    await scenario.worker({ BULK_SIGN_CONCURRENCY: '1' });
    const [original] = await awaitingReceipt(env, scenario.parties, scenario.parties.bulkUser, 1);
    const documents = [original.contractId, ...(await copiesOf(env, original.contractId, SESSIONS * PER_SESSION - 1))];
    const sessions: Awaited<ReturnType<CrashScenario['select']>>[] = [];
    const drainMs: number[] = [];
    const atStop: { round: number; signed: number; total: number }[] = [];
    // Every service answering its ping over the restarted node (GET /health 200): the platform is back.
    const platformUp = () => eventually(async () => (await scenario!.parties.bulkUser.client.get('/health')).status === 200, 60_000, 100);
    for (let round = 1; round <= RESTARTS; round += 1) {
      await platformUp();
      const session = await scenario.select(documents.slice((round - 1) * PER_SESSION, round * PER_SESSION));
      sessions.push(session);
      await scenario.execute(session.sessionId, session.password);
      const signed = () => scenario!.signedCount(session.sessionId);
      await eventually(async () => (await signed()) > 0, 60_000, 10).catch((error: Error) => {
        throw new Error(`restart ${round}: its session did not start signing within 60 s (${error.message})`);
      });
      // Read as the stop begins: signing goes on without the broker, and on a loaded machine stop_app can take long
      // enough for the rest of the session to be signed meanwhile — the outage still began with the batch in flight.
      atStop.push({ round, signed: await signed(), total: PER_SESSION });
      await rabbit.stopApp();
      await rabbit.startApp();
      const back = new Date();
      await eventually(async () => (await unsentSince(back)) === 0, 30_000, 200).catch((error: Error) => {
        throw new Error(`restart ${round}: an outbox did not drain within 30 s (${error.message})`);
      });
      drainMs.push(Date.now() - back.getTime());
      expect({ round, stuck: await stuckInTransaction() }).toEqual({ round, stuck: 0 });
    }
    // Each restart began in the middle of a session: some of its documents signed, not all.
    process.stdout.write(`signed/total as each stop_app began: ${atStop.map(({ signed, total }) => `${signed}/${total}`).join(', ')}\n`);
    expect(atStop.filter(({ signed, total }) => !(signed > 0 && signed < total))).toEqual([]);

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
