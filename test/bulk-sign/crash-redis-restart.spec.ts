import { BULK_TEST_SETTINGS } from './bulk-fixture';
import { CrashScenario, PrivateRedis } from './crash-scenario';

describe('bulk signing, crash safety: Redis restarted empty during a batch', () => {
  let scenario: CrashScenario | undefined;
  let redis: PrivateRedis | undefined;

  afterEach(async () => {
    await scenario?.close();
    await redis?.stop();
  });

  it('resumes from what PostgreSQL holds and concludes each document once', async () => {
    redis = await PrivateRedis.start();
    scenario = await CrashScenario.start({ ...BULK_TEST_SETTINGS, REDIS_URL: redis.url });
    const { sessionId, password, contractIds } = await scenario.selectAll();
    await scenario.worker({ BULK_SIGN_CONCURRENCY: '1' });
    await scenario.execute(sessionId, password);
    await scenario.waitUntilDone(sessionId, 2);
    await redis.restart(); // no persistence: every job of the batch is gone
    await scenario.expectEachConcludedOnce(sessionId, contractIds);
  });
});
