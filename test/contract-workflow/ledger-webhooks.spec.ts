import { createHmac, randomUUID } from 'node:crypto';
import { ContractEventType, Services } from '@app/contracts';
import { DatabaseHandle, inTransaction } from '@app/db';
import { DATABASE } from '@app/messaging';
import { eventually, HttpClient } from '@app/testing';
import { eventUuidOf, Webhooks } from '@apps/contract-workflow/src/webhooks/webhooks';
import { IdentityPlatform } from '../identity/identity-platform';
import { WebhookReceiver } from '@apps/contract-workflow/test/webhook-receiver';

const MAX_ATTEMPTS = 3;

/**
 * Real: the whole platform in-process (gateway over HTTP, contract-workflow on
 * PostgreSQL and RabbitMQ) and a subscriber's HTTP server. Events are
 * enqueued the way the workflow does, in a transaction of contract-workflow.
 */
describe('webhooks', () => {
  let env: IdentityPlatform;
  let receiver: WebhookReceiver;
  let a: { companyId: string; admin: HttpClient };
  let b: { companyId: string; admin: HttpClient };
  const secrets: string[] = [];
  const hooks: Record<string, { webhookId: string; secret: string }> = {};

  const enqueue = (type: ContractEventType, companyIds: string[], eventId?: string) => {
    const service = env.platform.services.get(Services.contractWorkflow)!;
    const data = {
      contractId: randomUUID(),
      documentNumber: '0000000283',
      status: type === 'contract.concluded' ? 'CONCLUDED' : 'AWAITING_RECEIPT',
      senderCompanyId: a.companyId,
      receiverCompanyId: b.companyId,
      occurredAt: new Date().toISOString(),
      actorUserId: 'U000004',
    };
    const work = (tx: Parameters<Parameters<typeof inTransaction>[1]>[0]) =>
      service.get(Webhooks).enqueue(tx, { type, data, companyIds, ...(eventId ? { eventId } : {}) });
    return inTransaction(service.get<DatabaseHandle>(DATABASE).db, work).then((count) => ({ count, data }));
  };
  const deliveries = async (client: HttpClient, name: string) =>
    (await client.get(`/api/webhooks/${hooks[name].webhookId}/deliveries`)).body;
  const create = async (name: string, path: string, eventTypes: ContractEventType[], ...statuses: number[]) => {
    const reply = await a.admin.post('/api/webhooks', { url: receiver.answer(path, ...statuses), eventTypes, description: name });
    expect(reply.status).toBe(201);
    hooks[name] = { webhookId: reply.body.webhook.webhookId, secret: reply.body.secret };
    secrets.push(reply.body.secret);
  };

  beforeAll(async () => {
    env = await IdentityPlatform.start({
      WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      WEBHOOK_RETRY_BASE_MS: '100',
      WEBHOOK_POLL_MS: '50',
      // The subscriber listens on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    });
    receiver = await WebhookReceiver.start();
    a = await env.company('発注建設株式会社', { plan: 'ONE_SIDE' });
    b = await env.company('株式会社受注工務店', { plan: 'PARTNER_ONLY' });
    await create('ok', '/ok', ['contract.sent', 'contract.concluded'], 204);
    await create('flaky', '/flaky', ['contract.concluded'], 500, 500, 200);
    await create('down', '/down', ['contract.concluded'], 503);
  });

  afterAll(async () => {
    await receiver?.close();
    await env?.close();
  });

  it('shows the secret once, at creation, and lists subscriptions without it', async () => {
    expect(hooks.ok.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const list = await a.admin.get('/api/webhooks');
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { description: string }) => item.description)).toEqual(['ok', 'flaky', 'down']);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    expect(list.body.items[0]).toMatchObject({
      companyId: a.companyId,
      eventTypes: ['contract.sent', 'contract.concluded'],
      deletedAt: null,
    });
  });

  it('refuses a URL that is not http(s) and an unknown event type, in Japanese and English', async () => {
    const ftp = await a.admin.post('/api/webhooks', { url: 'ftp://example.com/hook', eventTypes: ['contract.sent'] });
    expect(ftp.status).toBe(400);
    expect(ftp.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'url' })] });
    const unknown = await a.admin.post('/api/webhooks', { url: 'https://example.com/hook', eventTypes: ['contract.lost'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toEqual({ ja: expect.any(String), en: expect.any(String) });
  });

  it('delivers a signed event the subscriber verifies with the secret it was shown', async () => {
    const { count, data } = await enqueue('contract.sent', [a.companyId, b.companyId]);
    expect(count).toBe(1); // only "ok" wants contract.sent; B has no subscription
    const [request] = await eventually(async () => receiver.at('/ok').length === 1 && receiver.at('/ok'));
    const timestamp = request.headers['x-inkan-timestamp'] as string;
    const expected = `sha256=${createHmac('sha256', hooks.ok.secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
    expect(request.headers['x-inkan-signature']).toBe(expected);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(request.headers['x-inkan-event']).toBe('contract.sent');
    expect(JSON.parse(request.body)).toEqual({ id: expect.any(String), type: 'contract.sent', createdAt: data.occurredAt, data });
    const log = await eventually(async () => {
      const page = await deliveries(a.admin, 'ok');
      return page.items[0]?.status === 'delivered' && page;
    });
    expect(log.items[0]).toMatchObject({
      deliveryId: request.headers['x-inkan-delivery'],
      eventType: 'contract.sent',
      attempts: 1,
      lastStatusCode: 204,
      deliveredAt: expect.any(String),
    });
  });

  it('retries a failing subscriber with backoff until it answers 2xx, and gives up after the last attempt', async () => {
    await enqueue('contract.concluded', [a.companyId, b.companyId]);
    const flaky = await eventually(async () => {
      const page = await deliveries(a.admin, 'flaky');
      return page.items[0]?.status === 'delivered' && page.items[0];
    });
    expect(flaky).toMatchObject({ attempts: 3, lastStatusCode: 200, lastError: null });
    const attempts = receiver.at('/flaky');
    expect(attempts.map((request) => request.answeredWith)).toEqual([500, 500, 200]);
    expect(new Set(attempts.map((request) => request.headers['x-inkan-delivery'])).size).toBe(1);
    expect(new Set(attempts.map((request) => request.body)).size).toBe(1);
    // Backoff: WEBHOOK_RETRY_BASE_MS (100) after the first failure, twice that after the second.
    expect(attempts[1].receivedAt - attempts[0].receivedAt).toBeGreaterThanOrEqual(90);
    expect(attempts[2].receivedAt - attempts[1].receivedAt).toBeGreaterThanOrEqual(190);

    const down = await eventually(async () => {
      const page = await deliveries(a.admin, 'down');
      return page.items[0]?.status === 'failed' && page.items[0];
    });
    expect(down).toMatchObject({ attempts: MAX_ATTEMPTS, lastStatusCode: 503, lastError: 'HTTP 503', nextAttemptAt: null });
    expect(receiver.at('/down')).toHaveLength(MAX_ATTEMPTS);
    const failed = await a.admin.get(`/api/webhooks/${hooks.down.webhookId}/deliveries?status=failed&pageSize=5`);
    expect(failed.body).toMatchObject({ total: 1, page: 1, pageSize: 5 });
  });

  it('sends a failed delivery again when the administrator asks, with the same ID and body', async () => {
    const [failed] = (await deliveries(a.admin, 'down')).items;
    expect(failed).toMatchObject({ status: 'failed' });
    const path = `/api/webhooks/${hooks.down.webhookId}/deliveries/${failed.deliveryId}/redeliver`;
    expect((await b.admin.post(path)).status).toBe(404);
    receiver.answer('/down', 200);
    const requeued = await a.admin.post(path);
    expect(requeued.status).toBe(200);
    expect(requeued.body).toMatchObject({ deliveryId: failed.deliveryId, status: 'pending', attempts: 0 });
    const delivered = await eventually(async () => {
      const page = await deliveries(a.admin, 'down');
      return page.items[0]?.status === 'delivered' && page.items[0];
    });
    expect(delivered).toMatchObject({ deliveryId: failed.deliveryId, attempts: 1, lastStatusCode: 200 });
    const last = receiver.at('/down').at(-1)!;
    expect(last.headers['x-inkan-delivery']).toBe(failed.deliveryId);
    expect(last.body).toBe(receiver.at('/down')[0].body);
    const again = await a.admin.post(path);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('WEBHOOK_DELIVERY_NOT_FAILED');
    receiver.answer('/down', 503);
  });

  it('creates one delivery per event and subscription, however often the workflow reports the same event', async () => {
    // What the workflow passes: contract, version, type.
    const eventId = `${randomUUID()}:7:contract.concluded`;
    expect((await enqueue('contract.concluded', [a.companyId], eventId)).count).toBe(3);
    expect((await enqueue('contract.concluded', [a.companyId], eventId)).count).toBe(0);
    await eventually(async () => receiver.received.filter((request) => JSON.parse(request.body).id === eventUuidOf(eventId)).length >= 3);
  });

  it("keeps each company's webhooks to itself", async () => {
    expect((await b.admin.get('/api/webhooks')).body).toEqual({ items: [] });
    expect((await b.admin.get(`/api/webhooks/${hooks.ok.webhookId}/deliveries`)).status).toBe(404);
    expect((await b.admin.delete(`/api/webhooks/${hooks.ok.webhookId}`)).status).toBe(404);
    const before = receiver.at('/ok').length;
    expect((await enqueue('contract.sent', [b.companyId])).count).toBe(0);
    expect((await env.client().get('/api/webhooks')).status).toBe(401);
    expect(receiver.at('/ok')).toHaveLength(before);
  });

  it('sends nothing more to a deleted webhook, and keeps its delivery log', async () => {
    const deleted = await a.admin.delete(`/api/webhooks/${hooks.ok.webhookId}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.deletedAt).toEqual(expect.any(String));
    expect((await enqueue('contract.sent', [a.companyId])).count).toBe(0);
    expect((await deliveries(a.admin, 'ok')).total).toBeGreaterThan(0);
    expect((await a.admin.get('/api/webhooks')).body.items.map((item: { description: string }) => item.description)).toEqual([
      'flaky',
      'down',
    ]);
  });

  it('never writes a secret in clear to a log or a table', async () => {
    const logs = env.platform.logs.text();
    const tables = await env.database.pool.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    expect(tables.rows.map((table) => `${table.schema}.${table.name}`)).toContain('contract_ledger.webhook_subscriptions');
    for (const secret of secrets) {
      expect(logs.includes(secret)).toBe(false);
      // Also without the prefix, and as base64 of its bytes.
      for (const form of [secret, secret.slice('whsec_'.length), Buffer.from(secret).toString('base64')]) {
        for (const table of tables.rows) {
          const { rows } = await env.database.pool.query<{ found: boolean }>(
            `SELECT EXISTS (SELECT 1 FROM "${table.schema}"."${table.name}" t WHERE strpos(row_to_json(t)::text, $1) > 0) AS found`,
            [form],
          );
          expect({ table: `${table.schema}.${table.name}`, found: rows[0].found }).toEqual({
            table: `${table.schema}.${table.name}`,
            found: false,
          });
        }
      }
    }
  });
});
