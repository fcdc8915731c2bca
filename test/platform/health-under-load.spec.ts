import { AppConfig } from '@app/config';
import { createTestDatabase, deleteTopology, dropTestDatabase, eventually, testConfig } from '@app/testing';
import { RunningPlatform, startPlatform } from '@test/support/platform';

/**
 * D10: /health must not be starved by load. The whole platform runs in this
 * process (real PostgreSQL, RabbitMQ, Redis); a bounded login flood (every
 * attempt a real password hash in identity, the per-IP login limit raised so
 * none is turned away early) fills identity's request queue, and /health is
 * asked throughout and right after it. Only loopback.
 */
describe('platform health under a login flood', () => {
  const FLOOD_MS = 8_000;
  const FLOOD_CONCURRENCY = 120;
  let config: AppConfig;
  let platform: RunningPlatform;
  let baseUrl: string;

  beforeAll(async () => {
    config = testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '10000' });
    await createTestDatabase(config);
    platform = await startPlatform(() => config);
    baseUrl = `http://127.0.0.1:${(platform.gateway.getHttpServer().address() as { port: number }).port}`;
    await eventually(async () => (await fetch(`${baseUrl}/health`)).status === 200, 30_000, 250);
  });

  afterAll(async () => {
    await platform?.close();
    await deleteTopology(config);
    await dropTestDatabase(config);
  });

  it('answers /health 200 throughout and right after the flood, and /health/live at once', async () => {
    const floodEnds = Date.now() + FLOOD_MS;
    let logins = 0;
    const attacker = async () => {
      while (Date.now() < floodEnds) {
        const response = await fetch(`${baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: baseUrl, 'sec-fetch-site': 'same-origin' },
          body: JSON.stringify({ loginId: `nobody${logins % 50}`, password: 'not-the-password-1!' }),
        }).catch(() => undefined);
        await response?.arrayBuffer();
        logins += 1;
      }
    };
    const flood = Promise.all(Array.from({ length: FLOOD_CONCURRENCY }, attacker));

    // Sampled during the flood and for a few seconds after it (when the original defect showed).
    const samples: { status: number; ms: number; body: unknown }[] = [];
    const sampleUntil = floodEnds + 4_000;
    while (Date.now() < sampleUntil) {
      const started = Date.now();
      const response = await fetch(`${baseUrl}/health`);
      samples.push({ status: response.status, ms: Date.now() - started, body: await response.json() });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await flood;

    // The flood was real: identity worked through thousands of password checks.
    expect(logins).toBeGreaterThan(FLOOD_CONCURRENCY);
    expect(samples.length).toBeGreaterThan(10);
    const failed = samples.filter((sample) => sample.status !== 200);
    expect({ failed: failed.length, first: failed[0]?.body }).toEqual({ failed: 0, first: undefined });

    const live = await fetch(`${baseUrl}/health/live`);
    expect({ status: live.status, body: await live.json() }).toEqual({ status: 200, body: { status: 'ok' } });
  });
});
