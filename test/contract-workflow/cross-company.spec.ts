import { randomUUID } from 'node:crypto';
import { ContractStatus } from '@app/contracts';
import { eventually, HttpClient, HttpReply } from '@app/testing';
import { WebhookReceiver } from '@apps/contract-workflow/test/webhook-receiver';
import { IdentityPlatform } from '../identity/identity-platform';
import { databaseFingerprint, settled } from './database-fingerprint';
import { ApiOperation, documentedOperations, fillPath, pathParameters, sampleBody } from './endpoint-probes';
import { pdfBase64, Person, person, signingPasswordFor } from './workflow-fixture';

/** Every contract and ledger endpoint, whatever is added later: each must be probed below or the first test fails. */
const COVERED = /^\/api\/(contracts|billing|webhooks|archive|matters|templates|bulk-sign)(\/|$)/;

/** Endpoints that name an object of their own company in the path; the probe fills in one of company A's. */
const OWNED_PARAMETERS = ['contractId', 'webhookId', 'deliveryId', 'matterId', 'templateId', 'sessionId'];

interface Prober {
  name: string;
  client: HttpClient;
  /** Samples for a request body, made of the prober's own people (a route of its own, its certificate). */
  body: Record<string, unknown>;
}

/**
 * Real: the whole platform in-process over HTTP. Company A's contract, at
 * several statuses, is invisible to an unrelated company C on every endpoint
 * of the OpenAPI document that can name it — and to the receiver B until A's
 * signer sent it. Each refusal is 404, as for a contract that does not exist,
 * and changes nothing: every row of every service's tables is the same after.
 */
describe('contract endpoints across companies', () => {
  let env: IdentityPlatform;
  let hook: WebhookReceiver;
  let operations: ApiOperation[];
  const a: Record<string, Person> = {};
  const b: Record<string, Person> = {};
  let adminA: HttpClient;
  let companyB: string;
  let companyA: string;
  const owned: Record<string, string> = {};
  const contracts = {} as Record<'DRAFT' | 'SENDER_SIGNATURE' | 'AWAITING_RECEIPT' | 'CONCLUDED', { id: string; documentNumber: string }>;
  let outsiders: Prober[];
  let receiverBeforeSent: Prober[];

  const register = async (name: string, recipient = b.recipient) => {
    const reply = await a.registrant.client.post('/api/contracts', {
      pdfBase64: await pdfBase64(),
      name,
      counterpartyCompanyId: companyB,
      recipientUserId: recipient.userId,
      senderSide: 'ORDERER',
      transactionDate: '2026-11-02',
      amount: 3_300_000,
      route: { approvers: [], signer: a.signer.userId },
    });
    expect(reply.status).toBe(201);
    return { id: reply.body.contractId as string, documentNumber: reply.body.documentNumber as string };
  };
  const sign = async (signer: Person, contract: { id: string; documentNumber: string }) => {
    const signingPassword = await signingPasswordFor(env, signer, contract.documentNumber);
    const reply = await signer.client.post(`/api/contracts/${contract.id}/sign`, { serialNumber: signer.serialNumber, signingPassword });
    expect(reply.status).toBe(200);
  };

  beforeAll(async () => {
    env = await IdentityPlatform.start({
      WEBHOOK_MAX_ATTEMPTS: '1',
      WEBHOOK_POLL_MS: '50',
      // The subscriber listens on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    });
    hook = await WebhookReceiver.start();
    const companies = {
      a: await env.company('発注建設株式会社', { plan: 'ONE_SIDE', options: ['MATTER'] }),
      b: await env.company('株式会社受注工務店', { plan: 'ONE_SIDE', options: ['MATTER', 'BULK_SIGN'] }),
      c: await env.company('無関係商事株式会社', { plan: 'ONE_SIDE', options: ['MATTER', 'BULK_SIGN'] }),
    };
    [adminA, companyA, companyB] = [companies.a.admin, companies.a.companyId, companies.b.companyId];
    a.registrant = await person(env, adminA, '登録 太郎', ['registrant']);
    a.signer = await person(env, adminA, '署名 次郎', ['signer']);
    b.recipient = await person(env, companies.b.admin, '受取 花子', ['recipient']);
    b.signer = await person(env, companies.b.admin, '署名 三郎', ['signer']);
    // B's bulk signer owns a bulk-sign session; C's person with every role may bulk-sign too.
    b.bulk = await person(env, companies.b.admin, '一括 二郎', ['recipient', 'signer']);
    expect((await companies.b.admin.patch(`/api/users/${b.bulk.userId}`, { bulkSign: true })).status).toBe(200);
    const everyRole = await person(env, companies.c.admin, '何でも 屋', ['registrant', 'recipient', 'approver', 'signer']);
    expect((await companies.c.admin.patch(`/api/users/${everyRole.userId}`, { bulkSign: true })).status).toBe(200);

    const samples = (signer: Person) => ({
      comment: '他社の文書への操作',
      route: { approvers: [], signer: signer.userId },
      serialNumber: signer.serialNumber,
      signingPassword: 'Not-the-password-1',
      name: '他社の名前',
    });
    outsiders = [
      { name: 'C の管理用ID', client: companies.c.admin, body: samples(everyRole) },
      { name: 'C の全役割の利用者', client: everyRole.client, body: samples(everyRole) },
    ];
    receiverBeforeSent = [
      { name: 'B の管理用ID', client: companies.b.admin, body: samples(b.signer) },
      { name: 'B の受取担当者', client: b.recipient.client, body: samples(b.signer) },
      { name: 'B の署名者', client: b.signer.client, body: samples(b.signer) },
    ];

    // A's webhook fails its only attempt on A's conclusion: a delivery log entry to name.
    const webhook = await adminA.post('/api/webhooks', { url: hook.answer('/down', 500), eventTypes: ['contract.concluded'] });
    expect(webhook.status).toBe(201);
    owned.webhookId = webhook.body.webhook.webhookId;

    contracts.DRAFT = await register('下書きの契約書');
    contracts.SENDER_SIGNATURE = await register('発信側署名待ちの契約書');
    contracts.AWAITING_RECEIPT = await register('受取待ちの契約書');
    contracts.CONCLUDED = await register('締結済の契約書');
    for (const status of ['SENDER_SIGNATURE', 'AWAITING_RECEIPT', 'CONCLUDED'] as const) {
      expect((await a.registrant.client.post(`/api/contracts/${contracts[status].id}/submit`)).status).toBe(200);
    }
    for (const status of ['AWAITING_RECEIPT', 'CONCLUDED'] as const) {
      await sign(a.signer, contracts[status]);
    }
    const received = await b.recipient.client.post(`/api/contracts/${contracts.CONCLUDED.id}/receive`, {
      route: { approvers: [], signer: b.signer.userId },
    });
    expect(received.status).toBe(200);
    await sign(b.signer, contracts.CONCLUDED);
    const forBulk = await register('一括署名待ちの契約書', b.bulk);
    expect((await a.registrant.client.post(`/api/contracts/${forBulk.id}/submit`)).status).toBe(200);
    await sign(a.signer, forBulk);
    const session = await b.bulk.client.post('/api/bulk-sign/sessions', { contractIds: [forBulk.id] });
    expect(session.status).toBe(201);
    owned.sessionId = session.body.sessionId;
    owned.deliveryId = await eventually(async () => {
      const log = await adminA.get(`/api/webhooks/${owned.webhookId}/deliveries`);
      return log.body.items?.[0]?.status === 'failed' && (log.body.items[0].deliveryId as string);
    });

    const matter = await adminA.post('/api/matters', { name: '〇〇ビル新築工事', code: 'A-2026-001' });
    expect(matter.status).toBe(201);
    owned.matterId = matter.body.matterId;
    const template = await a.registrant.client.post('/api/templates', {
      name: '工事請負契約（標準）',
      route: { approvers: [], signer: a.signer.userId },
    });
    expect(template.status).toBe(201);
    owned.templateId = template.body.templateId;
    operations = await documentedOperations(env.baseUrl, COVERED);
  });

  afterAll(async () => {
    await hook?.close();
    await env?.close();
  });

  /** For endpoints that name nothing of A in the path: what a caller of another company may do there, and that A's contract stays out of it. */
  const collectionProbes: Record<string, ((prober: Prober, hidden: { id: string; documentNumber: string }) => Promise<void>) | null> = {
    'GET /api/contracts': async (prober, hidden) => {
      for (const query of ['', '?scope=COMPANY', `?scope=COMPANY&documentNumber=${hidden.documentNumber}`]) {
        const reply = await prober.client.get(`/api/contracts${query}`);
        expect({ who: prober.name, query, status: reply.status }).toEqual({ who: prober.name, query, status: 200 });
        expectNoTrace(reply, hidden);
      }
    },
    // Registering is for one's own company: naming A's signer in one's own route is refused; naming A's template or
    // matter is refused exactly as naming one that does not exist. Nothing is stored either way.
    'POST /api/contracts': async (prober, hidden) => {
      const registration = {
        pdfBase64: await pdfBase64(),
        name: '他社のものを指定した契約書',
        counterpartyCompanyId: companyB,
        recipientUserId: b.recipient.userId,
        senderSide: 'CONTRACTOR',
        transactionDate: '2026-11-02',
        amount: 1,
        route: prober.body.route,
      };
      const foreignSigner = await prober.client.post('/api/contracts', {
        ...registration,
        route: { approvers: [], signer: a.signer.userId },
      });
      expect({ who: prober.name, refused: [400, 403].includes(foreignSigner.status) }).toEqual({ who: prober.name, refused: true });
      expectNoTrace(foreignSigner, hidden);
      for (const field of ['templateId', 'matterId'] as const) {
        const nowhere = randomUUID();
        const named = await prober.client.post('/api/contracts', { ...registration, [field]: owned[field] });
        const control = await prober.client.post('/api/contracts', { ...registration, [field]: nowhere });
        const error = (value: HttpReply, id: string) => JSON.stringify(value.body.error).replaceAll(id, '<id>');
        const where = `${prober.name}: ${field}`;
        expect({ where, status: named.status, error: error(named, owned[field]) }).toEqual({
          where,
          status: control.status,
          error: error(control, nowhere),
        });
        expect({ where, refused: named.status >= 400 && named.status < 500 }).toEqual({ where, refused: true });
      }
    },
    'GET /api/billing/usage': async (prober, hidden) => {
      const month = new Date().toISOString().slice(0, 7);
      const other = await prober.client.get(`/api/billing/usage?month=${month}&companyId=${companyA}`);
      expect({ who: prober.name, refused: [403, 404].includes(other.status) }).toEqual({ who: prober.name, refused: true });
      const own = await prober.client.get(`/api/billing/usage?month=${month}`);
      expectNoTrace(own, hidden);
    },
    'GET /api/webhooks': async (prober) => {
      const reply = await prober.client.get('/api/webhooks');
      expect(JSON.stringify(reply.body)).not.toContain(owned.webhookId);
    },
    // Subscribing is for one's own company's events; it names nothing of another company.
    'POST /api/webhooks': null,
    'GET /api/archive': async (prober, hidden) => {
      for (const query of ['', `?documentNumber=${hidden.documentNumber}`]) {
        const reply = await prober.client.get(`/api/archive${query}`);
        expectNoTrace(reply, hidden);
      }
    },
    'GET /api/matters': async (prober) => {
      expect(JSON.stringify((await prober.client.get('/api/matters')).body)).not.toContain(owned.matterId);
    },
    // A matter is made for one's own company.
    'POST /api/matters': null,
    'GET /api/templates': async (prober) => {
      expect(JSON.stringify((await prober.client.get('/api/templates')).body)).not.toContain(owned.templateId);
    },
    // A template is saved for one's own company.
    'POST /api/templates': null,
    'GET /api/bulk-sign/candidates': async (prober, hidden) => {
      expectNoTrace(await prober.client.get('/api/bulk-sign/candidates'), hidden);
    },
    // Selecting another company's document for bulk signing is refused exactly as selecting one that does not exist.
    'POST /api/bulk-sign/sessions': async (prober, hidden) => {
      const nowhere = randomUUID();
      const reply = await prober.client.post('/api/bulk-sign/sessions', { contractIds: [hidden.id] });
      const control = await prober.client.post('/api/bulk-sign/sessions', { contractIds: [nowhere] });
      expect({ who: prober.name, refused: reply.status >= 400 && reply.status < 500 }).toEqual({ who: prober.name, refused: true });
      const error = (value: HttpReply, id: string) => JSON.stringify(value.body.error).replaceAll(id, '<id>');
      expect({ status: reply.status, error: error(reply, hidden.id) }).toEqual({ status: control.status, error: error(control, nowhere) });
      expect(JSON.stringify(reply.body)).not.toContain(hidden.documentNumber);
    },
  };

  const keyOf = (operation: ApiOperation) => `${operation.method} ${operation.path}`;
  const namesOwned = (operation: ApiOperation) => pathParameters(operation.path).length > 0;

  function expectNoTrace(reply: HttpReply, hidden: { id: string; documentNumber: string }): void {
    const text = JSON.stringify(reply.body);
    expect({ leaked: text.includes(hidden.id) || text.includes(hidden.documentNumber), text }).toEqual({ leaked: false, text });
  }

  /**
   * Calls every covered endpoint as `prober` with `target` (and A's other objects) in the path. The answer must be
   * exactly the one for an object that does not exist — 404, or 403 where the prober's role may not use the endpoint
   * at all (webhooks are for administrators, templates for registrants), always 404 for a contract — and A's contract
   * leaves no trace in it. Returns the endpoints that answered 404, where the company itself was checked.
   */
  async function probeAll(prober: Prober, target: { id: string; documentNumber: string }): Promise<Set<string>> {
    const notFound = new Set<string>();
    for (const operation of operations) {
      if (!namesOwned(operation)) {
        await collectionProbes[keyOf(operation)]?.(prober, target);
        continue;
      }
      const body = sampleBody(operation, prober.body);
      const path = fillPath(operation.path, { ...owned, contractId: target.id });
      const reply = await prober.client.request(operation.method, path, body);
      const nowhere = Object.fromEntries(OWNED_PARAMETERS.map((name) => [name, randomUUID()]));
      const control = await prober.client.request(operation.method, fillPath(operation.path, nowhere), body);
      const where = `${prober.name}: ${keyOf(operation)}`;
      const allowed = operation.path.includes('{contractId}') ? [404] : [403, 404];
      expect({ where, status: reply.status, code: reply.body.error?.code }).toEqual({
        where,
        status: allowed.includes(reply.status) ? reply.status : allowed,
        code: control.body.error?.code,
      });
      expect({ where, status: reply.status }).toEqual({ where, status: control.status });
      expect(reply.body.error.message).toEqual({ ja: expect.any(String), en: expect.any(String) });
      expectNoTrace(reply, target);
      if (reply.status === 404) {
        notFound.add(keyOf(operation));
      }
    }
    return notFound;
  }

  /** Probes as each of `probers`, proving nothing changed anywhere and that each endpoint checked the company for someone. */
  async function probeUnchanged(probers: Prober[], target: { id: string; documentNumber: string }): Promise<Set<string>> {
    await settled(env.database);
    const before = await databaseFingerprint(env.database);
    const mails = env.smtp.messages.length;
    const notFound = new Set<string>();
    for (const prober of probers) {
      for (const key of await probeAll(prober, target)) {
        notFound.add(key);
      }
    }
    await settled(env.database);
    expect(await databaseFingerprint(env.database)).toEqual(before);
    expect(env.smtp.messages.length).toBe(mails);
    return notFound;
  }

  it('knows how to probe every contract and ledger endpoint of the OpenAPI document', () => {
    const listed = operations.map(keyOf);
    for (const expected of [
      'GET /api/contracts/{contractId}',
      'POST /api/contracts/{contractId}/sign',
      'GET /api/contracts/{contractId}/audit.pdf',
      'GET /api/contracts/{contractId}/audit/verify',
      'GET /api/billing/usage',
      'POST /api/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver',
    ]) {
      expect(listed).toContain(expected);
    }
    for (const operation of operations) {
      if (namesOwned(operation)) {
        for (const name of pathParameters(operation.path)) {
          expect({ operation: keyOf(operation), name, known: OWNED_PARAMETERS.includes(name) }).toEqual({
            operation: keyOf(operation),
            name,
            known: true,
          });
        }
        expect(() => sampleBody(operation, outsiders[0].body)).not.toThrow();
      } else {
        expect({ operation: keyOf(operation), probed: keyOf(operation) in collectionProbes }).toEqual({
          operation: keyOf(operation),
          probed: true,
        });
      }
    }
  });

  it('lets the owners read what the probes ask for, so a 404 below is about the company, not the URL', async () => {
    const ownerOf = (path: string): HttpClient => {
      if (/^\/api\/(contracts|archive|templates)\//.test(path)) {
        return a.registrant.client;
      }
      return path.startsWith('/api/bulk-sign/') ? b.bulk.client : adminA;
    };
    // The progress stream stays open until the session completes: its 404 comes before the stream, like the progress's.
    const readable = operations.filter(
      (candidate) => candidate.method === 'GET' && namesOwned(candidate) && !candidate.path.endsWith('/events'),
    );
    for (const operation of readable) {
      const path = fillPath(operation.path, { ...owned, contractId: contracts.CONCLUDED.id });
      const reply = await ownerOf(operation.path).get(path);
      expect({ path, status: reply.status }).toEqual({ path, status: 200 });
    }
  });

  it.each(['DRAFT', 'SENDER_SIGNATURE', 'AWAITING_RECEIPT', 'CONCLUDED'] as const)(
    'hides a %s contract of A from every endpoint for an unrelated company, changing nothing',
    async (status: ContractStatus & keyof typeof contracts) => {
      const notFound = await probeUnchanged(outsiders, contracts[status]);
      // Between C's administrator and C's user with every role, each endpoint was past its role check once.
      expect(
        operations
          .filter(namesOwned)
          .map(keyOf)
          .filter((key) => !notFound.has(key)),
      ).toEqual([]);
    },
  );

  it.each(['DRAFT', 'SENDER_SIGNATURE'] as const)(
    'hides a %s contract from the receiver company until the sender signed it, changing nothing',
    async (status: ContractStatus & keyof typeof contracts) => {
      const notFound = await probeUnchanged(receiverBeforeSent, contracts[status]);
      expect(
        operations.filter((operation) => operation.path.includes('{contractId}')).every((operation) => notFound.has(keyOf(operation))),
      ).toBe(true);
    },
  );
});
