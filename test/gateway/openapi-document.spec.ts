import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createGatewayApp } from '@apps/gateway/src/gateway.app';
import { ContractEventTypes, Events } from '@app/contracts';
import { repoRoot } from '@app/db';
import { deleteTopology, LogCapture, testConfig } from '@app/testing';

const run = promisify(execFile);

type Parameter = { name: string; in: string; required?: boolean; schema?: { type?: string | string[]; enum?: unknown[] } };
type Operation = {
  parameters?: Parameter[];
  operationId?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  responses: Record<string, unknown>;
};
type Document = {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, Record<string, unknown>> };
};

/** A value of the parameter's type, written as TypeScript. */
function sampleFor(schema: NonNullable<Parameter['schema']>): string {
  if (schema.enum?.length) {
    return JSON.stringify(schema.enum[0]);
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.includes('integer') || types.includes('number') ? '1' : types.includes('boolean') ? 'true' : "'x'";
}

/** The served document is one a client generator can trust: valid OpenAPI 3.1 by Redocly's rules, with security and shared components. */
describe('OpenAPI document: lint and structure', () => {
  let gateway: NestFastifyApplication;
  const config = testConfig({ PUBLIC_BASE_URL: 'https://inkan.example.test' });
  let body: string;
  let document: Document;
  let folder: string;

  beforeAll(async () => {
    gateway = await createGatewayApp(config, new LogCapture().logger('gateway', 'warn'), { webRoot: '/nonexistent', shutdownHooks: false });
    await gateway.init();
    await gateway.getHttpAdapter().getInstance().ready();
    const reply = await gateway.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/api/docs/openapi.json' });
    body = reply.body;
    document = JSON.parse(body) as Document;
    folder = await mkdtemp(path.join(tmpdir(), 'inkan-openapi-'));
  });

  afterAll(async () => {
    await gateway?.close();
    await deleteTopology(config);
    await rm(folder, { recursive: true, force: true });
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([route, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ route, method, operation })),
    );

  it('passes `redocly lint` (recommended rules) with 0 errors', async () => {
    const file = path.join(folder, 'openapi.json');
    await writeFile(file, body);
    const redocly = path.join(repoRoot(), 'node_modules', '.bin', 'redocly');
    const result = await run(redocly, ['lint', file, '--format=json'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(result.stdout) as {
      totals: { errors: number };
      problems: Array<{ ruleId: string; severity: string; message: string }>;
    };
    expect(report.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 150_000);

  it('is OpenAPI 3.1 with the servers from PUBLIC_BASE_URL', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: 'https://inkan.example.test' }]);
  });

  it('defines the session cookie, the CSRF header and the bearer token and applies them per operation', () => {
    expect(document.components.securitySchemes).toEqual({
      sessionCookie: expect.objectContaining({ type: 'apiKey', in: 'cookie' }),
      csrfToken: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' }),
      bearerToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
    const security = (method: string, route: string) => document.paths[route][method].security;
    expect(security('post', '/api/auth/login')).toEqual([]);
    expect(security('get', '/health')).toEqual([]);
    expect(security('get', '/api/contracts')).toEqual([{ sessionCookie: [] }, { bearerToken: [] }]);
    expect(security('post', '/api/contracts')).toEqual([{ sessionCookie: [], csrfToken: [] }, { bearerToken: [] }]);
    // Session only: an API token cannot manage API tokens.
    expect(security('post', '/api/api-tokens')).toEqual([{ sessionCookie: [], csrfToken: [] }]);
    for (const { route, method, operation } of operations()) {
      expect({ route, method, security: Array.isArray(operation.security) }).toEqual({ route, method, security: true });
    }
  });

  it('references one ErrorReply component instead of inlining the envelope', () => {
    expect(document.components.schemas.ErrorReply).toEqual(
      expect.objectContaining({ type: 'object', required: expect.arrayContaining(['error', 'requestId']) }),
    );
    const references = body.split('"#/components/schemas/ErrorReply"').length - 1;
    expect(references).toBeGreaterThan(100);
    // The envelope's bilingual message appears once: in the component.
    expect(body.split('"requestId":{').length - 1).toBe(1);
  });

  it('declares the query parameters of every list from its zod schema', () => {
    const queryOf = (route: string) =>
      (document.paths[route].get.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
    expect(queryOf('/api/contracts')).toEqual(
      expect.arrayContaining(['scope', 'direction', 'status', 'sort', 'order', 'page', 'pageSize']),
    );
    expect(queryOf('/api/users')).toEqual(expect.arrayContaining(['query', 'page', 'pageSize']));
    expect(queryOf('/api/archive')).toEqual(expect.arrayContaining(['amountMin', 'amountMax', 'transactionDateFrom', 'page']));
    expect(document.paths['/api/billing/usage'].get.parameters?.find((parameter) => parameter.name === 'month')?.required).toBe(true);
    const lists = operations().filter(
      ({ method, operation }) => method === 'get' && operation.parameters?.some((parameter) => parameter.in === 'query'),
    );
    expect(lists.length).toBeGreaterThanOrEqual(13);
  });

  it('gives openapi-typescript a client that type-checks calls with query parameters for every list endpoint', async () => {
    const bin = (name: string) => path.join(repoRoot(), 'node_modules', '.bin', name);
    const input = path.join(folder, 'openapi.json');
    await writeFile(input, body);
    await run(bin('openapi-typescript'), [input, '-o', path.join(folder, 'api.d.ts')], { timeout: 120_000 });
    const lists = operations().filter(
      ({ method, operation }) => method === 'get' && operation.parameters?.some((parameter) => parameter.in === 'query'),
    );
    const calls = lists.map(({ route, operation }, index) => {
      const query = (operation.parameters ?? [])
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => `${parameter.name}: ${sampleFor(parameter.schema ?? {})}`);
      return `const call${index}: Query<'${route}'> = { ${query.join(', ')} };\nvoid call${index};`;
    });
    const header = [
      "import type { paths } from './api';",
      'type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;',
    ];
    const tsc = (file: string) =>
      run(bin('tsc'), ['--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', '--moduleResolution', 'node', file], {
        cwd: folder,
        timeout: 120_000,
      }).then(
        () => ({ ok: true, output: '' }),
        (error: { stdout?: string }) => ({ ok: false, output: error.stdout ?? '' }),
      );
    await writeFile(path.join(folder, 'calls.ts'), [...header, ...calls].join('\n'));
    expect(await tsc('calls.ts')).toEqual({ ok: true, output: '' });
    // The check can fail: a parameter the document does not declare is a type error.
    await writeFile(
      path.join(folder, 'wrong.ts'),
      [...header, "const wrong: Query<'/api/contracts'> = { notAParameter: 1 };", 'void wrong;'].join('\n'),
    );
    const wrong = await tsc('wrong.ts');
    expect(wrong.ok).toBe(false);
    expect(wrong.output).toContain('notAParameter');
  }, 150_000);

  it('describes every webhook event: its body and its signature headers', () => {
    const webhooks = (document as Document & { webhooks: Record<string, { post: Operation & { requestBody: unknown } }> }).webhooks;
    expect(Object.keys(webhooks).sort()).toEqual(Object.values(ContractEventTypes).sort());
    for (const [type, { post }] of Object.entries(webhooks)) {
      expect({
        type,
        headers: post.parameters?.filter((parameter) => parameter.in === 'header').map((parameter) => parameter.name),
      }).toEqual({
        type,
        headers: ['X-Inkan-Event', 'X-Inkan-Delivery', 'X-Inkan-Timestamp', 'X-Inkan-Signature'],
      });
      expect(JSON.stringify(post.requestBody)).toContain('#/components/schemas/WebhookEvent');
      expect(JSON.stringify(post.requestBody)).toContain(`"const":"${type}"`);
    }
    expect(document.components.schemas.WebhookEvent).toEqual(
      expect.objectContaining({ required: ['id', 'type', 'createdAt', 'data'], additionalProperties: false }),
    );
  });

  it('serves an AsyncAPI 3.0 document of every RabbitMQ event from the @app/contracts registry', async () => {
    const reply = await gateway.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/api/docs/asyncapi.json' });
    expect(reply.statusCode).toBe(200);
    const asyncApi = JSON.parse(reply.body) as {
      asyncapi: string;
      channels: Record<string, { address: string; bindings: { amqp: { exchange: { name: string; type: string } } } }>;
      operations: Record<string, { action: string; channel: { $ref: string } }>;
      components: { messages: Record<string, { name: string; payload: { properties: { pattern: unknown; data: unknown } } }> };
    };
    expect(asyncApi.asyncapi).toBe('3.0.0');
    expect(
      Object.values(asyncApi.channels)
        .map((channel) => channel.address)
        .sort(),
    ).toEqual(Object.values(Events).sort());
    for (const channel of Object.values(asyncApi.channels)) {
      expect(channel.bindings.amqp.exchange).toEqual(expect.objectContaining({ name: `${config.AMQP_PREFIX}.events`, type: 'topic' }));
    }
    expect(Object.values(asyncApi.operations).every((operation) => operation.action === 'receive')).toBe(true);
    expect(Object.keys(asyncApi.operations)).toHaveLength(Object.keys(Events).length);
    const concluded = Object.values(asyncApi.components.messages).find((message) => message.name === Events.contractConcluded);
    expect(concluded?.payload.properties.pattern).toEqual({ const: 'contract.concluded' });
    expect(concluded?.payload.properties.data).toEqual(
      (document.components.schemas.WebhookEvent as { properties: { data: unknown } }).properties.data,
    );
  });

  it('names operations meaningfully, uniquely, with tags', () => {
    const ids = operations().map(({ operation }) => operation.operationId ?? '');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^[a-z][A-Za-z]+$/.test(id) || id.includes('Controller'))).toEqual([]);
    expect(document.paths['/api/contracts'].get.operationId).toBe('listContracts');
    expect(document.paths['/api/contracts/{contractId}'].get.operationId).toBe('getContract');
    expect(operations().filter(({ operation }) => !operation.tags?.length)).toEqual([]);
  });
});
