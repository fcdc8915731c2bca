import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createGatewayApp } from '@apps/gateway/src/gateway.app';
import { deleteTopology, LogCapture, testConfig } from '@app/testing';

type Operation = { summary?: string; requestBody?: unknown; responses: Record<string, { content?: unknown }> };

/** Every API endpoint is documented with its body, its success reply and every error it can answer. */
describe('OpenAPI document', () => {
  let gateway: NestFastifyApplication;
  const config = testConfig();
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    gateway = await createGatewayApp(config, new LogCapture().logger('gateway', 'warn'), {
      webRoot: '/nonexistent',
      shutdownHooks: false,
    });
    await gateway.init();
    await gateway.getHttpAdapter().getInstance().ready();
    const reply = await gateway.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/api/docs/openapi.json' });
    paths = (JSON.parse(reply.body) as { paths: typeof paths }).paths;
  });

  afterAll(async () => {
    await gateway?.close();
    await deleteTopology(config);
  });

  const operations = () =>
    Object.entries(paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));

  it('lists every identity, notice and delivery-log endpoint', () => {
    const listed = operations().map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    for (const expected of [
      'POST /api/auth/login',
      'POST /api/auth/password',
      'POST /api/companies',
      'PATCH /api/companies/{companyId}',
      'POST /api/users',
      'GET /api/users',
      'POST /api/users/{userId}/unlock',
      'POST /api/invitations',
      'POST /api/partner-applications',
      'POST /api/api-tokens',
      'DELETE /api/api-tokens/{tokenId}',
      'GET /api/mail-deliveries',
      'GET /api/notices',
      'GET /api/notices/managed',
      'POST /api/notices',
      'PATCH /api/notices/{noticeId}',
      'DELETE /api/notices/{noticeId}',
    ]) {
      expect(listed).toContain(expected);
    }
  });

  it('documents for each endpoint a bilingual summary, the body schema, the reply schema and the errors', () => {
    const publicPaths = [
      '/api/auth/login',
      '/api/auth/password-reset-requests',
      '/api/auth/password-resets',
      '/api/partner-applications',
      '/api/partner-applications/inspect',
      '/api/signing/tsa',
    ];
    // Files anyone may fetch (CRL, CA certificates): no input, so only the availability errors.
    // OCSP (RFC 6960) answers a bad request inside a 200 OCSP response: like the files, no 400 and no JSON reply.
    const ocspPaths = ['/api/signing/ocsp', '/api/signing/ocsp/{path}'];
    const publicFiles = [
      '/api/signing/crl/issuing-ca.crl',
      '/api/signing/crl/{file}',
      '/api/signing/ca/root-ca.pem',
      '/api/signing/ca/issuing-ca.pem',
      '/api/signing/ca/{file}',
      ...ocspPaths,
    ];
    // Public and without input: answers 200 whether or not a session is open, so neither 400 nor 401.
    const publicProbes = ['/api/auth/session-state'];
    for (const { path, method, operation } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect({ where, summary: operation.summary }).toEqual({ where, summary: expect.stringMatching(/^\S.* \/ [A-Z]/) });
      const statuses = Object.keys(operation.responses);
      const success = statuses.find((status) => status.startsWith('2'));
      expect({ where, success }).toEqual({ where, success: expect.any(String) });
      if (!publicFiles.includes(path) && !publicPaths.includes(path)) {
        expect({ where, hasSchema: Boolean(operation.responses[success as string]?.content) }).toEqual({ where, hasSchema: true });
      }
      const inputErrors = publicFiles.includes(path) || publicProbes.includes(path) ? [] : publicPaths.includes(path) ? ['400'] : ['401'];
      for (const status of ['503', '504', ...inputErrors]) {
        expect({ where, status, documented: statuses.includes(status) }).toEqual({ where, status, documented: true });
      }
      if (
        ['post', 'patch'].includes(method) &&
        !/\/(disable|enable|unlock|password-reset|logout|submit|redeliver|signing-password)$/.test(path)
      ) {
        expect({ where, body: Boolean(operation.requestBody) }).toEqual({ where, body: true });
      }
    }
  });
});
