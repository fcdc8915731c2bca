import { AddressInfo } from 'node:net';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions } from 'fastify';
import { AppConfig } from '@app/config';
import { createGatewayApp } from '@apps/gateway/src/gateway.app';
import { deleteTopology, eventually, LogCapture, testConfig } from '@app/testing';
import { bytesOf, rawExchange, requestHead } from './raw-http';

async function startGateway(config: AppConfig): Promise<NestFastifyApplication> {
  const gateway = await createGatewayApp(config, new LogCapture().logger('gateway', 'fatal'), {
    webRoot: '/nonexistent',
    shutdownHooks: false,
  });
  await gateway.listen({ host: '127.0.0.1', port: 0 });
  return gateway;
}

/**
 * The gateway alone (no service answers), over real sockets on loopback:
 * what it refuses before any service is asked — cross-site state changes
 * and form bodies (D3), missing security headers (D8), slow headers and
 * bodies (D9).
 */
describe('gateway HTTP edge', () => {
  const config = testConfig();
  let gateway: NestFastifyApplication;
  let port: number;
  const inject = (options: InjectOptions) => gateway.getHttpAdapter().getInstance().inject(options);
  const login = (headers: Record<string, string>, payload = '{"loginId":"U000001"}') =>
    inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json', ...headers }, payload });

  beforeAll(async () => {
    gateway = await startGateway(config);
    port = (gateway.getHttpServer().address() as AddressInfo).port;
    // The login rate limiter needs Redis: a well-formed request reaches validation (400) once it is connected.
    await eventually(async () => (await login({})).statusCode === 400);
  });

  afterAll(async () => {
    await gateway?.close();
    await deleteTopology(config);
  });

  it('answers a URL with broken percent-encoding with 400 in the platform shape, in both languages', async () => {
    const reply = await inject({ method: 'GET', url: '/api/contracts/%E0%A4%A' });
    expect(reply.statusCode).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        status: 400,
        message: { ja: expect.any(String), en: expect.any(String) },
        details: [{ path: '(url)' }],
      },
      requestId: expect.any(String),
    });
  });

  describe('D3: JSON only, and state changes only from our own origin', () => {
    it.each([
      ['a form login (the login CSRF of D3)', 'POST', '/api/auth/login', 'application/x-www-form-urlencoded', 'loginId=U000001&password=x'],
      ['a text/plain login', 'POST', '/api/auth/login', 'text/plain', '{"loginId":"U000001","password":"x"}'],
      ['a form registration', 'POST', '/api/contracts', 'application/x-www-form-urlencoded', 'name=x'],
      ['a form user change', 'PATCH', '/api/users/U000001', 'application/x-www-form-urlencoded', 'email=x%40attacker.example'],
      ['a multipart login', 'POST', '/api/auth/login', 'multipart/form-data; boundary=x', '--x--\r\n'],
    ])('refuses %s with 415 before anything else', async (_what, method, url, contentType, payload) => {
      const reply = await inject({ method: method as 'POST' | 'PATCH', url, headers: { 'content-type': contentType }, payload });
      expect(reply.statusCode).toBe(415);
      expect(JSON.parse(reply.body).error).toMatchObject({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: { ja: expect.stringContaining('JSON'), en: expect.stringContaining('JSON') },
      });
    });

    it.each([
      ['another site as Origin', { origin: 'https://attacker.example' }],
      ['an opaque Origin', { origin: 'null' }],
      ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site', origin: 'https://attacker.example' }],
      ['Sec-Fetch-Site same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
    ])('refuses a login from %s with 403 CROSS_ORIGIN_REJECTED', async (_what, headers) => {
      const reply = await login(headers);
      expect(reply.statusCode).toBe(403);
      expect(JSON.parse(reply.body).error).toMatchObject({
        code: 'CROSS_ORIGIN_REJECTED',
        message: { ja: expect.any(String), en: expect.stringContaining('another site') },
      });
    });

    it('refuses a cross-site change on any route, before authentication', async () => {
      const reply = await inject({
        method: 'POST',
        url: '/api/contracts/00000000-0000-4000-8000-000000000000/submit',
        headers: { 'content-type': 'application/json', origin: 'https://attacker.example' },
        payload: '{}',
      });
      expect(reply.statusCode).toBe(403);
      expect(JSON.parse(reply.body).error.code).toBe('CROSS_ORIGIN_REJECTED');
    });

    it.each([
      ['PUBLIC_BASE_URL as Origin', () => ({ origin: new URL(config.PUBLIC_BASE_URL).origin })],
      ['the address it was sent to as Origin', () => ({ origin: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}` })],
      ['Sec-Fetch-Site same-origin', () => ({ 'sec-fetch-site': 'same-origin', origin: `http://127.0.0.1:${port}` })],
      ['no browser headers (a program)', () => ({})],
    ])('lets a login with %s through to validation', async (_what, headers) => {
      const reply = await login(headers());
      expect(reply.statusCode).toBe(400);
      expect(JSON.parse(reply.body).error.code).toBe('VALIDATION_FAILED');
    });

    it('lets reads through whatever their origin', async () => {
      const reply = await inject({ method: 'GET', url: '/api/docs/openapi.json', headers: { origin: 'https://attacker.example' } });
      expect(reply.statusCode).toBe(200);
    });
  });

  describe('D8: security headers', () => {
    const expectStrict = (headers: Record<string, unknown>) => {
      const csp = String(headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['referrer-policy']).toBe('no-referrer');
      // Plain HTTP: no HSTS.
      expect(headers['strict-transport-security']).toBeUndefined();
    };

    it('puts a strict CSP, nosniff, DENY framing and no-referrer on API answers, errors and the UI path', async () => {
      for (const url of ['/api/contracts', '/', '/api/health/nonexistent']) {
        expectStrict((await inject({ method: 'GET', url })).headers);
      }
      expectStrict((await login({ origin: 'https://attacker.example' })).headers);
    });

    it('relaxes only styles for the Swagger UI, which still may not be framed', async () => {
      const docs = await inject({ method: 'GET', url: '/api/docs' });
      const csp = String(docs.headers['content-security-policy']);
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(docs.headers['x-frame-options']).toBe('DENY');
    });

    it('adds HSTS when PUBLIC_BASE_URL is https', async () => {
      const secureConfig = testConfig({ PUBLIC_BASE_URL: 'https://inkan.example.jp' });
      const secure = await createGatewayApp(secureConfig, new LogCapture().logger('gateway', 'fatal'), {
        webRoot: '/nonexistent',
        shutdownHooks: false,
      });
      try {
        await secure.init();
        const reply = await secure.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/api/contracts' });
        expect(reply.headers['strict-transport-security']).toMatch(/max-age=31536000; includeSubDomains/);
        expect(String(reply.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
      } finally {
        await secure.close();
        await deleteTopology(secureConfig);
      }
    });
  });

  describe('D9: slow clients are cut off', () => {
    it('closes headers sent at 1 byte/s within HTTP_HEADERS_TIMEOUT_MS (+ the 1 s check), and a body at 1 byte/s within HTTP_BODY_TIMEOUT_MS with 408', async () => {
      const slowHeaders = rawExchange(port, bytesOf(`POST /api/auth/login HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: ${'a'.repeat(200)}`), {
        gapMs: 1000,
      });
      const head = requestHead('POST', '/api/auth/login', { 'content-type': 'application/json', 'content-length': 200 });
      const slowBody = rawExchange(port, [head, ...bytesOf(`{"loginId":"${'U'.repeat(180)}`)], { gapMs: 1000 });
      const [headers, body] = await Promise.all([slowHeaders, slowBody]);
      process.stdout.write(
        `\nD9: headers at 1 byte/s closed after ${Math.round(headers.closedAfterMs)} ms; a body at 1 byte/s answered ${body.status} and closed after ${Math.round(body.closedAfterMs)} ms\n`,
      );

      expect(headers.closedAfterMs).toBeLessThanOrEqual(config.HTTP_HEADERS_TIMEOUT_MS + 2_500);
      expect(headers.closedAfterMs).toBeGreaterThanOrEqual(config.HTTP_HEADERS_TIMEOUT_MS - 1_000);
      expect(body.status).toBe(408);
      expect(JSON.parse(body.body).error.code).toBe('REQUEST_TIMEOUT');
      expect(body.closedAfterMs).toBeLessThanOrEqual(config.HTTP_BODY_TIMEOUT_MS + 3_000);
      expect(body.closedAfterMs).toBeGreaterThanOrEqual(config.HTTP_BODY_TIMEOUT_MS - 1_000);
      // The bound: never open past 30 s.
      expect(Math.max(headers.closedAfterMs, body.closedAfterMs)).toBeLessThan(30_000);
    }, 45_000);
  });
});
