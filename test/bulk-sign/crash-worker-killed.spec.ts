import { Queue } from 'bullmq';
import { bullPrefix, DOCUMENTS_QUEUE } from '@apps/signing/src/bulk-sign/bulk-sign.queues';
import { BULK_TEST_SETTINGS } from './bulk-fixture';
import { CrashScenario, DOCUMENTS } from './crash-scenario';

describe('bulk signing, crash safety: a signing worker killed with SIGKILL mid-batch', () => {
  let scenario: CrashScenario | undefined;

  afterEach(async () => {
    await scenario?.close();
  });

  it('completes the batch: none lost, none signed twice, the held job taken over', async () => {
    scenario = await CrashScenario.start(BULK_TEST_SETTINGS);
    const { sessionId, password, contractIds } = await scenario.selectAll();
    // One worker at a time, one document at a time: when it dies it holds a job.
    const first = await scenario.worker({ BULK_SIGN_CONCURRENCY: '1' });
    const { config } = scenario.env;
    const queue = new Queue(DOCUMENTS_QUEUE, { connection: { url: config.REDIS_URL }, prefix: bullPrefix(config) });
    try {
      await scenario.execute(sessionId, password);
      // Killed while it signs: some documents signed, one job in its hands, more waiting.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const [signed, active] = await Promise.all([scenario.signedCount(sessionId), queue.getActiveCount()]);
        if (signed >= 2 && active > 0) {
          break;
        }
        expect(Date.now()).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await first.kill('SIGKILL');
      expect(await scenario.signedCount(sessionId)).toBeLessThan(DOCUMENTS);

      await scenario.worker({ BULK_SIGN_CONCURRENCY: '2' });
      await scenario.expectEachConcludedOnce(sessionId, contractIds);

      // The job the killed worker held was taken over after its lock lapsed.
      // The conclusions can be in the database a moment before the last job is marked completed in Redis.
      const completedJobs = async () => (await queue.getJobs(['completed'])).filter((job) => job.data.sessionId === sessionId);
      const settled = Date.now() + 10_000;
      while ((await completedJobs()).length < DOCUMENTS && Date.now() < settled) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const jobs = await completedJobs();
      expect(jobs).toHaveLength(DOCUMENTS);
      expect(jobs.some((job) => job.stalledCounter > 0)).toBe(true);
    } finally {
      await queue.close();
    }
  });
});
