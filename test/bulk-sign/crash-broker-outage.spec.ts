import { TcpProxy } from '@app/testing';
import { BULK_TEST_SETTINGS } from './bulk-fixture';
import { CrashScenario, DOCUMENTS } from './crash-scenario';

describe('bulk signing, crash safety: every broker connection dropped during a batch', () => {
  let scenario: CrashScenario | undefined;
  let proxy: TcpProxy | undefined;

  afterEach(async () => {
    await scenario?.close();
    await proxy?.stop();
  });

  it('resumes when the broker is back and concludes each document once', async () => {
    const through = await TcpProxy.forUrl(process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672', 5672).start();
    proxy = through;
    scenario = await CrashScenario.start(BULK_TEST_SETTINGS, (_app, config) => ({ ...config, AMQP_URL: through.rewrite(config.AMQP_URL) }));
    const { sessionId, password, contractIds } = await scenario.selectAll();
    await scenario.worker({ BULK_SIGN_CONCURRENCY: '1', AMQP_URL: through.rewrite(scenario.env.config.AMQP_URL) });
    await scenario.execute(sessionId, password);
    await scenario.waitUntilDone(sessionId, 2);
    through.cut();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await scenario.countConcluded(contractIds)).toBeLessThan(DOCUMENTS);
    through.restore();
    await scenario.expectEachConcludedOnce(sessionId, contractIds);
    await scenario.settle();
  });
});
