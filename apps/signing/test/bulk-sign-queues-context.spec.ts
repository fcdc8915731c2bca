import { randomUUID } from 'node:crypto';
import { AppConfig } from '@app/config';
import { systemActor } from '@app/contracts';
import { runInContext } from '@app/messaging';
import { deleteRedisKeys, eventually, LogCapture, TcpProxy, testConfig } from '@app/testing';
import { BulkSignQueues } from '../src/bulk-sign/bulk-sign.queues';

/**
 * The flow producer's Redis connection is made during the first request that
 * adds a session, but lives on: its later warnings must not carry that
 * request's ID. Real Redis behind a TCP proxy this test cuts.
 */
describe('bulk-sign queues: Redis warnings outside any request', () => {
  let config: AppConfig;
  let proxy: TcpProxy;
  let queues: BulkSignQueues;
  const logs = new LogCapture();

  beforeAll(async () => {
    config = testConfig();
    proxy = await TcpProxy.forUrl(config.REDIS_URL, 6379).start();
    queues = new BulkSignQueues({ ...config, REDIS_URL: proxy.rewrite(config.REDIS_URL) }, logs.logger('signing'));
  });

  afterAll(async () => {
    await queues?.onApplicationShutdown();
    await proxy?.stop();
    await deleteRedisKeys(config);
  });

  it('logs a lost Redis connection without the ID of the request that first used the connection', async () => {
    const requestId = `first-${randomUUID()}`;
    await runInContext({ actor: systemActor(requestId) }, () => queues.addSession(randomUUID(), [randomUUID()]));
    expect(logs.lines.some((line) => line.requestId === requestId)).toBe(false);

    proxy.cut();
    const warnings = await eventually(async () => {
      const found = logs.lines.filter((line) => line.msg.startsWith('bulk-sign flow producer: Redis error'));
      return found.length > 0 ? found : undefined;
    });
    expect(warnings.map((line) => line.requestId)).toEqual(warnings.map(() => undefined));
    proxy.restore();
  });
});
