import { eq } from 'drizzle-orm';
import { Patterns } from '@app/contracts';
import { eventually } from '@app/testing';
import { webhookDeliveries } from '@apps/contract-workflow/src/ledger/ledger.schema';
import { WebhookTargets } from '@apps/contract-workflow/src/webhooks/webhook-target.guard';
import { WebhookReceiver } from './webhook-receiver';
import { actors, LedgerHarness } from './ledger-harness';

/**
 * Real: contract-workflow with its dispatcher on PostgreSQL and RabbitMQ, and
 * an HTTP server on the loopback address. With the default configuration the
 * platform must never POST into its own network. Names resolve from a table
 * the test holds, so no traffic leaves the machine, not even a DNS query.
 */
describe('webhook targets', () => {
  let harness: LedgerHarness;
  let receiver: WebhookReceiver;
  /** Names resolve from this table (no DNS query leaves the machine); an unknown name does not resolve. */
  const names = new Map<string, string[]>();

  beforeAll(async () => {
    harness = await LedgerHarness.start({ WEBHOOK_MAX_ATTEMPTS: '1', WEBHOOK_POLL_MS: '50' });
    harness.app.get(WebhookTargets).resolveAll = async (hostname) => {
      const addresses = names.get(hostname);
      if (!addresses) {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      }
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    receiver = await WebhookReceiver.start();
  });

  afterAll(async () => {
    await receiver?.close();
    await harness?.close();
  });

  const eventFor = (companyId: string) => ({
    type: 'contract.concluded' as const,
    companyIds: [companyId],
    data: {
      contractId: '7d3c1f0e-8a1b-4c2d-9e3f-000000000051',
      documentNumber: '0000000051',
      status: 'CONCLUDED',
      senderCompanyId: companyId,
      receiverCompanyId: 'C000052',
      occurredAt: new Date().toISOString(),
    },
  });

  it('refuses every special-purpose address when the webhook is created: literals, and names resolving to one', async () => {
    names.set('blocked.test', ['192.0.2.1']);
    names.set('half-blocked.test', ['93.184.216.34', '64:ff9b::7f00:1']);
    for (const url of [
      'http://127.0.0.1:9/hook',
      'http://10.0.0.8/hook',
      'https://[::1]/hook',
      'http://169.254.169.254/latest',
      'http://192.0.2.1/hook',
      'http://198.51.100.20/hook',
      'http://203.0.113.5/hook',
      'http://198.18.0.1/hook',
      'http://[::127.0.0.1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[64:ff9b::127.0.0.1]/hook',
      'http://[2002:7f00:1::]/hook',
      'http://[2001:db8::1]/hook',
      'http://0x7f.1/hook',
      'https://blocked.test/hook',
      'https://half-blocked.test/hook',
      'https://unknown.test/hook',
    ]) {
      const reply = await harness.send(
        Patterns.contractWorkflow.createWebhook,
        { url, eventTypes: ['contract.sent'] },
        actors.administrator('C000050'),
      );
      expect({ url, reply }).toEqual({ url, reply: { error: 'WEBHOOK_TARGET_NOT_PUBLIC' } });
    }
    expect(await harness.send(Patterns.contractWorkflow.listWebhooks, {}, actors.administrator('C000050'))).toEqual({ items: [] });
  });

  it('refuses, when delivering, a name re-pointed to a loopback address after registration (DNS rebinding), and sends nothing', async () => {
    const companyId = 'C000051';
    names.set('rebinding.test', ['93.184.216.34']);
    const created = await harness.send(
      Patterns.contractWorkflow.createWebhook,
      { url: receiver.answer('/internal', 200).replace('127.0.0.1', 'rebinding.test'), eventTypes: ['contract.concluded'] },
      actors.administrator(companyId),
    );
    const { webhook } = created as { webhook: { webhookId: string } };
    names.set('rebinding.test', ['127.0.0.1']);
    await harness.inTransaction((tx) => harness.webhooks.enqueue(tx, eventFor(companyId)));
    const delivery = await eventually(async () => {
      const [row] = await harness.database.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.subscriptionId, webhook.webhookId));
      return row?.status === 'failed' && row;
    });
    // The log says no more than that: no address, no errno an administrator could map the network with.
    expect(delivery).toMatchObject({ attempts: 1, lastStatusCode: null, lastError: 'target unreachable' });
    expect(receiver.received).toEqual([]);
    expect(harness.logs.text()).toContain('rebinding.test resolves to a special-purpose address (127.0.0.1)');
  });

  it('validates the events a subscriber would get (a refused one writes nothing), and writes nothing for events no one subscribes to', async () => {
    const companyId = 'C000053';
    names.set('validated.test', ['93.184.216.34']);
    const created = await harness.send(
      Patterns.contractWorkflow.createWebhook,
      { url: receiver.answer('/validated', 200).replace('127.0.0.1', 'validated.test'), eventTypes: ['contract.concluded'] },
      actors.administrator(companyId),
    );
    const { webhook } = created as { webhook: { webhookId: string } };
    // Never toward that public address: the dispatcher finds the name refused.
    names.set('validated.test', ['127.0.0.1']);
    const deliveries = () =>
      harness.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, webhook.webhookId));
    const event = eventFor(companyId);
    const refused = { ...event, data: { ...event.data, contractId: 'not-a-uuid' } };
    await expect(harness.inTransaction((tx) => harness.webhooks.enqueueAll(tx, [event, refused]))).rejects.toMatchObject({
      reply: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'contractId' })] },
    });
    expect(await deliveries()).toEqual([]);
    // Another company's event, and a type this webhook does not take.
    const unsubscribed = [eventFor('C000054'), { ...event, type: 'contract.sent' as const }];
    expect(await harness.inTransaction((tx) => harness.webhooks.enqueueAll(tx, unsubscribed))).toBe(0);
    expect(await harness.inTransaction((tx) => harness.webhooks.enqueueAll(tx, [...unsubscribed, event]))).toBe(1);
    expect((await deliveries()).map((row) => row.eventType)).toEqual(['contract.concluded']);
  });
});
