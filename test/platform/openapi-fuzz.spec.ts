import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { HttpClient } from '@app/testing';
import { registerContract } from '../contract-workflow/contract-steps';
import { person } from '../contract-workflow/workflow-fixture';
import { IdentityPlatform, OPERATOR_PASSWORD } from '../identity/identity-platform';
import { FuzzRequest, Operation, operationsOf, RequestFactory } from './openapi-fuzz';

const SEED = 20_261_207;
const REQUEST_TIMEOUT_MS = 15_000;
const CONCURRENCY = 4;

interface Outcome {
  request: FuzzRequest;
  /** The HTTP status, 'hang', or why no answer came. */
  status: number | string;
}

/** Sends one request; the body is read to its end (an event stream is cut at its headers: it is meant to stay open). */
async function send(request: FuzzRequest, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Outcome> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
      await response.body?.cancel();
    } else {
      await response.arrayBuffer();
    }
    return { request, status: response.status };
  } catch (error) {
    const name = (error as Error).name;
    return { request, status: name === 'TimeoutError' || name === 'AbortError' ? 'hang' : `no answer: ${(error as Error).message}` };
  }
}

async function sendAll(requests: FuzzRequest[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const index = next++;
        outcomes[index] = await send(requests[index]);
      }
    }),
  );
  return outcomes;
}

const offending = (outcome: Outcome) => typeof outcome.status !== 'number' || outcome.status >= 500;
const describeOffender = ({ request, status }: Outcome) => `${status} ← ${request.operation} [${request.label}]`;

/**
 * Every operation the OpenAPI document lists, fuzzed through the real gateway
 * and services (PostgreSQL, RabbitMQ, Redis, SMTP capture; loopback only), as
 * the principal that gets past authentication (administrator, operator, API
 * token or nobody) and, in part, as the others: no answer may be 500 or
 * above, and none may hang. An endpoint added later is in the document, so
 * it is fuzzed too.
 */
describe('OpenAPI-driven fuzz', () => {
  let env: IdentityPlatform;
  let admin: HttpClient;
  let administratorId: string;
  let adminPassword: string;
  let member: HttpClient;
  let memberId: string;
  let memberPassword: string;
  let operator: HttpClient;
  let token: string;
  let operations: Operation[];
  /** Real IDs for path parameters, so requests reach the handlers' own checks. */
  const known: Record<string, string> = {};

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    ({ admin, administratorId, password: adminPassword } = await env.company('株式会社 ファズ', { options: ['BULK_SIGN', 'MATTER'] }));
    operator = await env.operator();
    // One person who holds every contract role (and a certificate), as contract endpoints want one.
    const everyRole = await person(env, admin, '全役割 太郎', ['registrant', 'recipient', 'approver', 'signer']);
    ({ userId: memberId, client: member, password: memberPassword } = everyRole);
    expect((await admin.patch(`/api/users/${memberId}`, { bulkSign: true })).status).toBe(200);
    // A contract awaiting the member's signature, with a counterparty: contract requests reach the workflow's own rules.
    const counterparty = await env.company('株式会社 相手方', { plan: 'ONE_SIDE' });
    const recipient = await person(env, counterparty.admin, '受取 花子', ['recipient']);
    const contract = await registerContract(everyRole, everyRole, {
      name: 'ファズ契約',
      counterpartyCompanyId: counterparty.companyId,
      recipient,
      transactionDate: '2026-10-01',
      amount: 1000,
    });
    expect((await member.post(`/api/contracts/${contract.contractId}/submit`)).body.status).toBe('SENDER_SIGNATURE');
    known.contractId = contract.contractId;
    const minted = await admin.post('/api/api-tokens', { name: 'fuzz', scopes: ['users:read', 'users:write', 'mail-deliveries:read'] });
    token = minted.body.token;
    known.tokenId = (await admin.post('/api/api-tokens', { name: 'fuzz-target', scopes: ['users:read'] })).body.apiToken.tokenId;
    known.userId = (await admin.post('/api/users', { name: '対象 花子', email: 'target@example.jp', roles: ['signer'] })).body.userId;
    known.serialNumber = (await admin.post('/api/certificates', { userId: known.userId })).body.serialNumber;
    known.matterId = (await admin.post('/api/matters', { name: '案件' })).body.matterId;
    known.noticeId = (await admin.post('/api/notices', { title: 'お知らせ', body: '本文' })).body.noticeId;
    known.templateId = (await member.post('/api/templates', { name: '雛形' })).body.templateId;
    known.companyId = (
      await operator.post('/api/companies', {
        name: '株式会社 対象',
        plan: 'ONE_SIDE',
        administrator: { name: '対象 管理者', email: 'target-admin@example.jp' },
      })
    ).body.company.companyId;
    for (const [name, value] of Object.entries(known)) {
      expect({ name, value }).toEqual({ name, value: expect.any(String) });
    }
    operations = operationsOf((await env.client().get('/api/docs/openapi.json')).body);
  });

  afterAll(async () => {
    await env?.close();
  });

  const browserHeaders = (client: HttpClient): Record<string, string> => ({
    cookie: client.cookie ?? '',
    'x-csrf-token': client.csrfToken ?? '',
    origin: env.baseUrl,
    'sec-fetch-site': 'same-origin',
  });

  /** Fuzzing may log the administrator out, or lock it with wrong current passwords: it gets its session back. */
  const keepSessions = async () => {
    if ((await admin.get('/api/auth/session')).status !== 200) {
      await env.database.pool.query(`UPDATE identity.users SET failed_logins = 0, locked_at = NULL WHERE id = $1`, [administratorId]);
      expect((await admin.login(administratorId, adminPassword)).status).toBe(200);
    }
    if ((await member.get('/api/auth/session')).status !== 200) {
      await env.database.pool.query(`UPDATE identity.users SET failed_logins = 0, locked_at = NULL WHERE id = $1`, [memberId]);
      expect((await member.login(memberId, memberPassword)).status).toBe(200);
    }
    if ((await operator.get('/api/auth/session')).status !== 200) {
      await env.database.pool.query(`UPDATE identity.operators SET failed_logins = 0, locked_at = NULL WHERE id = $1`, [env.operatorId]);
      expect((await operator.login(env.operatorId, OPERATOR_PASSWORD)).status).toBe(200);
    }
  };

  it('answers every malformed request to every operation below 500, and in time', async () => {
    const factory = new RequestFactory(SEED);
    const principals = (): Record<string, Record<string, string>> => ({
      administrator: browserHeaders(admin),
      'company member': browserHeaders(member),
      operator: browserHeaders(operator),
      'api token': { authorization: `Bearer ${token}` },
      nobody: {},
    });
    const offenders: string[] = [];
    let sent = 0;
    const started = Date.now();
    for (const operation of operations) {
      await keepSessions();
      const byPrincipal = Object.entries(principals());
      // The principal this operation lets in decides how deep the requests get: probe with a plausible one.
      const probes = await sendAll(
        byPrincipal.map(
          ([, headers]) =>
            factory
              .requestsFor(operation, env.baseUrl, headers, known)
              .find((request) => request.label === 'valid-looking body' || request.label.startsWith('query')) as FuzzRequest,
        ),
      );
      const admitted = probes.findIndex((probe) => probe.status !== 401 && probe.status !== 403);
      const [, headers] = byPrincipal[Math.max(0, admitted)];
      const requests = factory.requestsFor(operation, env.baseUrl, headers, known);
      // The others, and a browser without its CSRF token or from another site, get a few.
      const others = byPrincipal
        .filter(([, other]) => other !== headers)
        .concat([
          ['no CSRF token', { cookie: admin.cookie ?? '' }],
          ['another site', { ...browserHeaders(admin), origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
        ])
        .flatMap(([, other]) => factory.requestsFor(operation, env.baseUrl, other, known).filter((_request, index) => index % 20 === 0));
      const outcomes = [...probes, ...(await sendAll([...requests, ...others]))];
      sent += outcomes.length;
      offenders.push(...outcomes.filter(offending).map(describeOffender));
    }
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `\nopenapi fuzz: ${operations.length} operations, ${sent} requests in ${seconds.toFixed(1)} s, ${offenders.length} at or above 500 or without an answer\n`,
    );
    expect(operations.length).toBeGreaterThan(70);
    expect(offenders).toEqual([]);
  }, 600_000);

  describe('the harness itself', () => {
    let server: Server;
    let baseUrl: string;

    beforeAll(async () => {
      // A stand-in API: one path fails with 500, one never answers.
      server = createServer((request, response) => {
        if (request.url?.startsWith('/api/never')) {
          return;
        }
        response.statusCode = request.url?.startsWith('/api/broken') ? 500 : 400;
        response.end('{}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('names an operation that answers 500 or hangs, from the document alone', async () => {
      const document = {
        paths: {
          '/api/fine': { get: {} },
          '/api/broken/{id}': {
            post: {
              parameters: [{ name: 'id', in: 'path' }],
              requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } } } },
            },
          },
          '/api/never': { delete: {} },
        },
      };
      const factory = new RequestFactory(SEED);
      const requests = operationsOf(document).flatMap((operation) => factory.requestsFor(operation, baseUrl, {}));
      const failing = (await sendAll(requests.filter((request) => !request.operation.includes('never')))).filter(offending);
      expect(new Set(failing.map((outcome) => outcome.request.operation))).toEqual(new Set(['POST /api/broken/{id}']));
      expect(failing.length).toBeGreaterThan(30);
      const hang = await send({ ...requests.find((request) => request.operation.includes('never'))!, url: `${baseUrl}/api/never` }, 1_000);
      expect(hang.status).toBe('hang');
    }, 60_000);
  });
});
