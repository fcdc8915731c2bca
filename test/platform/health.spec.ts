import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppConfig } from '@app/config';
import { Client } from 'pg';
import { ALL_SERVICES } from '@app/contracts';
import { createTestDatabase, deleteTopology, dropTestDatabase, eventually, TcpProxy, testConfig } from '@app/testing';
import { RunningPlatform, startPlatform } from '@test/support/platform';

/**
 * The whole platform in this process against the real PostgreSQL, RabbitMQ
 * and Redis, each reached through a TCP proxy this test can cut.
 */
describe('platform health (gateway + every service, real dependencies)', () => {
  let base: AppConfig;
  let config: AppConfig;
  let proxies: { postgres: TcpProxy; rabbitmq: TcpProxy; redis: TcpProxy };
  let platform: RunningPlatform;
  let baseUrl: string;
  let webRoot: string;

  const health = async () => {
    const response = await fetch(`${baseUrl}/health`);
    return {
      httpStatus: response.status,
      body: (await response.json()) as {
        status: string;
        components: Record<string, { status: string; components?: Record<string, { status: string }> }>;
      },
    };
  };
  const statusOf = async () => {
    const { body } = await health();
    return Object.fromEntries(Object.entries(body.components).map(([name, component]) => [name, component.status]));
  };

  beforeAll(async () => {
    base = testConfig();
    proxies = {
      postgres: await TcpProxy.forUrl(base.DATABASE_URL, 5432).start(),
      rabbitmq: await TcpProxy.forUrl(base.AMQP_URL, 5672).start(),
      redis: await TcpProxy.forUrl(base.REDIS_URL, 6379).start(),
    };
    config = {
      ...base,
      DATABASE_URL: proxies.postgres.rewrite(base.DATABASE_URL),
      AMQP_URL: proxies.rabbitmq.rewrite(base.AMQP_URL),
      REDIS_URL: proxies.redis.rewrite(base.REDIS_URL),
      HEALTH_TIMEOUT_MS: 1_000,
    };
    await createTestDatabase(base);
    webRoot = mkdtempSync(path.join(tmpdir(), 'inkan-web-'));
    execFileSync(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.mjs', '--outDir', webRoot, '--logLevel', 'error'],
      {
        cwd: path.resolve(__dirname, '../..'),
      },
    );
    platform = await startPlatform(() => config, { webRoot });
    baseUrl = `http://127.0.0.1:${(platform.gateway.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await platform?.close();
    await Promise.all(Object.values(proxies ?? {}).map((proxy) => proxy.stop()));
    await deleteTopology(base);
    await dropTestDatabase(base);
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('reports every dependency and every service up, with each service’s own dependencies', async () => {
    const { httpStatus, body } = await eventually(async () => {
      const result = await health();
      return result.body.status === 'ok' ? result : undefined;
    });
    expect(httpStatus).toBe(200);
    expect(Object.keys(body.components).sort()).toEqual(['postgres', 'rabbitmq', 'redis', 'signing-workers', ...ALL_SERVICES].sort());
    for (const component of Object.values(body.components)) {
      expect(component.status).toBe('up');
    }
    const outboxUp = expect.objectContaining({ status: 'up', unsent: expect.any(Number), oldestUnsentSeconds: expect.any(Number) });
    expect(body.components.signing.components).toEqual({
      postgres: expect.objectContaining({ status: 'up' }),
      redis: expect.objectContaining({ status: 'up' }),
      outbox: outboxUp,
    });
    expect(body.components.identity.components).toEqual({ postgres: expect.objectContaining({ status: 'up' }), outbox: outboxUp });
  });

  it('turns degraded when a service’s outbox stalls past the threshold, naming the unsent count and the age, and ok once it drains', async () => {
    // A relay that cannot publish, as the broker stall did: an old unsent event the relay cannot claim (it is locked here).
    const client = new Client({ connectionString: base.DATABASE_URL });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO identity.outbox (id, event, payload, actor, created_at)
         VALUES ($1, 'contract.registered', '{}', '{}', now() - interval '2 hours')`,
        [randomUUID()],
      );
      await client.query('COMMIT');
      await client.query('BEGIN');
      await client.query(`SELECT id FROM identity.outbox WHERE sent_at IS NULL AND event = 'contract.registered' FOR UPDATE`);
      const stalled = await eventually(async () => {
        const result = await health();
        return result.body.status === 'degraded' ? result : undefined;
      }, 10_000);
      expect(stalled.httpStatus).toBe(503);
      expect(stalled.body.components.identity).toMatchObject({
        status: 'down',
        components: {
          postgres: { status: 'up' },
          outbox: { status: 'down', unsent: 1, oldestUnsentSeconds: expect.any(Number) as number },
        },
      });
      const outbox = (
        stalled.body.components.identity.components as unknown as Record<string, { oldestUnsentSeconds: number; error: string }>
      ).outbox;
      expect(outbox.oldestUnsentSeconds).toBeGreaterThanOrEqual(7_200);
      expect(outbox.error).toMatch(/oldest unsent event is \d+ s old \(limit 60 s\); 1 unsent/);
      // The other services' outboxes are fine.
      expect(stalled.body.components.signing.status).toBe('up');
    } finally {
      await client.query(`DELETE FROM identity.outbox WHERE sent_at IS NULL AND event = 'contract.registered'`).catch(() => undefined);
      await client.query('COMMIT').catch(() => undefined);
      await client.end();
    }
    await eventually(async () => (await health()).body.status === 'ok', 10_000);
  });

  it('answers /health/live without touching any dependency', async () => {
    const response = await fetch(`${baseUrl}/health/live`);
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('logs one request ID in the gateway and in every service the request reached', async () => {
    const requestId = `trace-${Date.now()}`;
    // A report is shared for HEALTH_CACHE_MS: ask until one request runs the probes itself.
    await eventually(async () => {
      const response = await fetch(`${baseUrl}/health`, { headers: { 'x-request-id': requestId } });
      expect(response.headers.get('x-request-id')).toBe(requestId);
      return platform.logs.lines.some((line) => line.service === 'identity' && line.requestId === requestId);
    });
    await eventually(async () => platform.logs.lines.some((line) => line.service === 'gateway' && line.requestId === requestId));
    await eventually(async () => {
      const services = new Set(platform.logs.lines.filter((line) => line.requestId === requestId).map((line) => line.service));
      return services.size === ALL_SERVICES.length + 1;
    });
    const services = new Set(platform.logs.lines.filter((line) => line.requestId === requestId).map((line) => line.service));
    expect([...services].sort()).toEqual(['gateway', ...ALL_SERVICES].sort());
  });

  it('answers concurrent requests from one round of probes, reused for HEALTH_CACHE_MS', async () => {
    // On a busy machine the twenty may be served over more than one cache period: each period allows one round
    // (plus the one already cached when they start). Without the shared report it would be twenty rounds.
    const startedAt = Date.now();
    const replies = await Promise.all(Array.from({ length: 20 }, () => health()));
    const periods = Math.ceil((Date.now() - startedAt) / config.HEALTH_CACHE_MS);
    const rounds = new Set(replies.map((reply) => (reply.body as unknown as { checkedAt: string }).checkedAt));
    expect(rounds.size).toBeLessThanOrEqual(periods + 1);
    expect(replies.every((reply) => reply.httpStatus === 200)).toBe(true);
  });

  it('replaces a malformed request ID with a fresh one', async () => {
    const response = await fetch(`${baseUrl}/health`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document and the web UI', async () => {
    const docs = await fetch(`${baseUrl}/api/docs/openapi.json`);
    const document = (await docs.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toContain('/health');
    expect((await fetch(`${baseUrl}/api/docs`)).status).toBe(200);
    const page = await fetch(`${baseUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('inkan');
  });

  it('answers unknown routes with a bilingual error and the request ID', async () => {
    const response = await fetch(`${baseUrl}/api/nothing-here`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; message: { ja: string; en: string } }; requestId: string };
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.message.ja).toBe('対象が見つかりません。');
    expect(body.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('reports RabbitMQ down within 5 s of losing it, and everything up again once it is back, without restarts', async () => {
    proxies.rabbitmq.cut();
    const cutAt = Date.now();
    const down = await eventually(async () => {
      const status = await statusOf();
      return status.rabbitmq === 'down' ? status : undefined;
    }, 5_000);
    expect(Date.now() - cutAt).toBeLessThan(5_000);
    for (const service of ALL_SERVICES) {
      expect(down[service]).toBe('down');
    }
    expect((await health()).httpStatus).toBe(503);
    expect((await health()).body.status).toBe('degraded');

    proxies.rabbitmq.restore();
    await eventually(async () => (await health()).body.status === 'ok', 30_000, 250);
  });

  it('reports PostgreSQL down when it is unreachable, and up again after', async () => {
    proxies.postgres.cut();
    const status = await eventually(async () => {
      const current = await statusOf();
      return current.postgres === 'down' ? current : undefined;
    }, 10_000);
    // Each service reports its own database too, so the service is down as well.
    expect(status.identity).toBe('down');
    proxies.postgres.restore();
    await eventually(async () => (await health()).body.status === 'ok', 30_000, 250);
  });

  it('reports Redis down when it is unreachable, and up again after', async () => {
    proxies.redis.cut();
    const status = await eventually(async () => {
      const current = await statusOf();
      return current.redis === 'down' ? current : undefined;
    }, 10_000);
    expect(status.signing).toBe('down');
    expect(status.identity).toBe('up');
    proxies.redis.restore();
    await eventually(async () => (await health()).body.status === 'ok', 30_000, 250);
  });
});
