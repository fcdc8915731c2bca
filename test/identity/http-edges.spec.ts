import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createGatewayApp } from '@apps/gateway/src/gateway.app';
import { deleteTopology, eventually, LogCapture, testConfig } from '@app/testing';

/** What the gateway answers to bodies it cannot read, before any service is asked. */
describe('gateway: unreadable requests', () => {
  let gateway: NestFastifyApplication;
  const config = testConfig();
  const send = (contentType: string, payload: string) =>
    gateway
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': contentType }, payload });

  beforeAll(async () => {
    gateway = await createGatewayApp(config, new LogCapture().logger('gateway', 'warn'), {
      webRoot: '/nonexistent',
      shutdownHooks: false,
    });
    await gateway.init();
    await gateway.getHttpAdapter().getInstance().ready();
    // The rate limiter needs Redis; wait until a well-formed request gets past it.
    await eventually(async () => (await send('application/json', '{}')).statusCode === 400);
  });

  afterAll(async () => {
    await gateway?.close();
    await deleteTopology(config);
  });

  it('names the unreadable JSON body, in both languages', async () => {
    const reply = await send('application/json', '{"loginId": ');
    expect(reply.statusCode).toBe(400);
    const { error } = JSON.parse(reply.body);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details[0]).toMatchObject({ path: '(body)', messageJa: expect.stringContaining('JSON') });
  });

  it('asks for JSON when the body is another media type', async () => {
    const reply = await send('application/xml', '<login/>');
    expect(reply.statusCode).toBe(415);
    expect(JSON.parse(reply.body).error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: { ja: expect.stringContaining('JSON'), en: expect.stringContaining('JSON') },
    });
  });

  it('names each missing field of a JSON body', async () => {
    const reply = await send('application/json', '{"loginId": "U000001"}');
    expect(JSON.parse(reply.body).error.details.map((d: { path: string }) => d.path)).toEqual(['password']);
  });
});

describe('gateway: login without Redis', () => {
  let gateway: NestFastifyApplication;
  const config = testConfig({ REDIS_URL: 'redis://127.0.0.1:1' });

  beforeAll(async () => {
    gateway = await createGatewayApp(config, new LogCapture().logger('gateway', 'fatal'), {
      webRoot: '/nonexistent',
      shutdownHooks: false,
    });
    await gateway.init();
    await gateway.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await gateway?.close();
    await deleteTopology(config);
  });

  it('refuses logins with 503 rather than skip the per-address limit', async () => {
    const reply = await gateway
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"loginId":"U000001","password":"x"}',
      });
    expect(reply.statusCode).toBe(503);
    expect(JSON.parse(reply.body).error.code).toBe('SERVICE_UNAVAILABLE');
  });
});
