import pino from 'pino';
import { HealthChecks } from './health';
import { startHealthServer } from './health-server';

describe('startHealthServer', () => {
  const logger = pino({ level: 'silent' });

  async function get(port: number, path: string, method = 'GET'): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { method });
    return { status: response.status, body: await response.json() };
  }

  it('answers /livez without running a check, /readyz 200 only while every check is up, 503 naming the one down, and draining', async () => {
    let redisUp = true;
    let checksRun = 0;
    const checks = new HealthChecks()
      .add('postgres', () => {
        checksRun += 1;
        return Promise.resolve();
      })
      .add('redis', () => (redisUp ? Promise.resolve() : Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6390'))));
    const server = await startHealthServer({ port: 0, host: '127.0.0.1', checks, timeoutMs: 1_000, logger });
    try {
      expect(await get(server.port, '/livez')).toEqual({ status: 200, body: { status: 'ok' } });
      expect(checksRun).toBe(0);
      expect(await get(server.port, '/readyz')).toEqual({
        status: 200,
        body: {
          status: 'ready',
          components: { postgres: expect.objectContaining({ status: 'up' }), redis: expect.objectContaining({ status: 'up' }) },
        },
      });
      redisUp = false;
      expect(await get(server.port, '/readyz')).toEqual({
        status: 503,
        body: {
          status: 'not-ready',
          components: {
            postgres: expect.objectContaining({ status: 'up' }),
            redis: { status: 'down', error: 'connect ECONNREFUSED 127.0.0.1:6390' },
          },
        },
      });
      expect(await get(server.port, '/livez')).toEqual({ status: 200, body: { status: 'ok' } });
      redisUp = true;
      server.drain();
      expect(await get(server.port, '/readyz')).toEqual({ status: 503, body: { status: 'draining', components: {} } });
      expect((await get(server.port, '/livez')).status).toBe(200);
      expect((await get(server.port, '/other')).status).toBe(404);
      expect((await get(server.port, '/livez', 'POST')).status).toBe(405);
    } finally {
      await server.close();
    }
  });

  it('times a hanging check out instead of hanging the probe', async () => {
    const checks = new HealthChecks().add('rabbitmq', () => new Promise<void>(() => undefined));
    const server = await startHealthServer({ port: 0, host: '127.0.0.1', checks, timeoutMs: 200, logger });
    try {
      const started = Date.now();
      expect(await get(server.port, '/readyz')).toEqual({
        status: 503,
        body: { status: 'not-ready', components: { rabbitmq: { status: 'down', error: 'no answer within 200 ms' } } },
      });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await server.close();
    }
  });
});
