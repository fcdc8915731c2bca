import { randomUUID } from 'node:crypto';
import { INestMicroservice } from '@nestjs/common';
import { Patterns, Services } from '@app/contracts';
import { eventually } from '@app/testing';
import { startServiceInProcess } from '@test/support/platform';
import { WebhookTargets } from '@apps/contract-workflow/src/webhooks/webhook-target.guard';
import { actors, LedgerHarness } from './ledger-harness';
import { WebhookReceiver } from './webhook-receiver';

/**
 * Real: two contract-workflow processes' worth of dispatchers (two Nest apps)
 * on one PostgreSQL, and a subscriber's HTTP server. Scaling the service out
 * must not send a delivery twice.
 */
describe('webhook dispatchers side by side', () => {
  let harness: LedgerHarness;
  let second: INestMicroservice;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    harness = await LedgerHarness.start({ WEBHOOK_POLL_MS: '20', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    second = await startServiceInProcess(Services.contractWorkflow, harness.config, harness.logs);
    receiver = await WebhookReceiver.start();
  });

  afterAll(async () => {
    await receiver?.close();
    await second?.close();
    await harness?.close();
  });

  it('sends each of many deliveries exactly once', async () => {
    const companyId = 'C000061';
    await harness.send(
      Patterns.contractWorkflow.createWebhook,
      { url: receiver.answer('/all', 200), eventTypes: ['contract.sent'] },
      actors.administrator(companyId),
    );
    const events = 60;
    await harness.inTransaction(async (tx) => {
      for (let index = 0; index < events; index += 1) {
        await harness.webhooks.enqueue(tx, {
          type: 'contract.sent',
          companyIds: [companyId],
          data: {
            contractId: randomUUID(),
            documentNumber: String(index + 1).padStart(10, '0'),
            status: 'AWAITING_RECEIPT',
            senderCompanyId: companyId,
            receiverCompanyId: 'C000062',
            occurredAt: new Date().toISOString(),
          },
        });
      }
    });
    await eventually(async () => receiver.at('/all').length >= events);
    // Give a duplicate, if there were one, the time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ids = receiver.at('/all').map((request) => request.headers['x-inkan-delivery']);
    expect(ids).toHaveLength(events);
    expect(new Set(ids).size).toBe(events);
    const { rows } = await harness.database.pool.query<{ status: string; attempts: number; count: number }>(
      `SELECT status, attempts, count(*)::int AS count FROM contract_ledger.webhook_deliveries GROUP BY status, attempts`,
    );
    expect(rows).toEqual([{ status: 'delivered', attempts: 1, count: events }]);
  });

  it('logs a refused connection as "target unreachable", no errno, like any other failure without a status', async () => {
    const companyId = 'C000063';
    // A loopback port nobody listens on: the port of a server just closed.
    const closed = await WebhookReceiver.start();
    const url = closed.answer('/gone', 200);
    await closed.close();
    const created = await harness.send(
      Patterns.contractWorkflow.createWebhook,
      { url, eventTypes: ['contract.sent'] },
      actors.administrator(companyId),
    );
    const { webhook } = created as { webhook: { webhookId: string } };
    await harness.inTransaction((tx) =>
      harness.webhooks.enqueue(tx, {
        type: 'contract.sent',
        companyIds: [companyId],
        data: {
          contractId: randomUUID(),
          documentNumber: '0000000063',
          status: 'AWAITING_RECEIPT',
          senderCompanyId: companyId,
          receiverCompanyId: 'C000064',
          occurredAt: new Date().toISOString(),
        },
      }),
    );
    const row = await eventually(async () => {
      const { rows } = await harness.database.pool.query<{ attempts: number; last_error: string | null }>(
        `SELECT attempts, last_error FROM contract_ledger.webhook_deliveries WHERE subscription_id = $1`,
        [webhook.webhookId],
      );
      return (rows[0]?.attempts ?? 0) >= 1 && rows[0];
    });
    expect(row.last_error).toBe('target unreachable');
    expect(harness.logs.text()).toContain('ECONNREFUSED');
  });

  it('delivers to a name through the guard: the HTTP client connects to the address the guard resolved and checked', async () => {
    const companyId = 'C000065';
    const asked: string[] = [];
    // Both dispatchers resolve through a table: no DNS query leaves the machine.
    for (const app of [harness.app, second]) {
      app.get(WebhookTargets).resolveAll = async (hostname) => {
        asked.push(hostname);
        return hostname === 'receiver.test' ? [{ address: '127.0.0.1', family: 4 }] : [];
      };
    }
    const url = receiver.answer('/named', 200).replace('127.0.0.1', 'receiver.test');
    const created = await harness.send(
      Patterns.contractWorkflow.createWebhook,
      { url, eventTypes: ['contract.sent'] },
      actors.administrator(companyId),
    );
    expect(created).toMatchObject({ webhook: { url } });
    await harness.inTransaction((tx) =>
      harness.webhooks.enqueue(tx, {
        type: 'contract.sent',
        companyIds: [companyId],
        data: {
          contractId: randomUUID(),
          documentNumber: '0000000065',
          status: 'AWAITING_RECEIPT',
          senderCompanyId: companyId,
          receiverCompanyId: 'C000066',
          occurredAt: new Date().toISOString(),
        },
      }),
    );
    const [request] = await eventually(async () => receiver.at('/named').length === 1 && receiver.at('/named'));
    expect(request.headers.host).toMatch(/^receiver\.test:\d+$/);
    // Once when registered, once when connecting.
    expect(asked.filter((name) => name === 'receiver.test').length).toBeGreaterThanOrEqual(2);
  });
});
