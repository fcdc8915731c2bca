import { eq } from 'drizzle-orm';
import { Patterns } from '@app/contracts';
import { eventually } from '@app/testing';
import { webhookDeliveries } from '@apps/contract-workflow/src/ledger/ledger.schema';
import { WebhookReceiver } from './webhook-receiver';
import { actors, LedgerHarness } from './ledger-harness';

/**
 * Real: contract-workflow with its dispatcher on PostgreSQL and RabbitMQ, and
 * an HTTP server on the loopback address. With the default configuration the
 * platform must never POST into its own network.
 */
describe('webhook targets', () => {
  let harness: LedgerHarness;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    harness = await LedgerHarness.start({ WEBHOOK_MAX_ATTEMPTS: '1', WEBHOOK_POLL_MS: '50' });
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

  it('refuses a private or loopback IP address when the webhook is created', async () => {
    for (const url of ['http://127.0.0.1:9/hook', 'http://10.0.0.8/hook', 'https://[::1]/hook', 'http://169.254.169.254/latest']) {
      const reply = await harness.send(
        Patterns.contractWorkflow.createWebhook,
        { url, eventTypes: ['contract.sent'] },
        actors.administrator('C000050'),
      );
      expect({ url, reply }).toEqual({ url, reply: { error: 'WEBHOOK_TARGET_NOT_PUBLIC' } });
    }
    expect(await harness.send(Patterns.contractWorkflow.listWebhooks, {}, actors.administrator('C000050'))).toEqual({ items: [] });
  });

  it('refuses, when delivering, a name that resolves to a loopback address, and sends nothing', async () => {
    const companyId = 'C000051';
    const created = await harness.send(
      Patterns.contractWorkflow.createWebhook,
      { url: receiver.answer('/internal', 200).replace('127.0.0.1', 'localhost'), eventTypes: ['contract.concluded'] },
      actors.administrator(companyId),
    );
    const { webhook } = created as { webhook: { webhookId: string } };
    await harness.inTransaction((tx) => harness.webhooks.enqueue(tx, eventFor(companyId)));
    const delivery = await eventually(async () => {
      const [row] = await harness.database.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.subscriptionId, webhook.webhookId));
      return row?.status === 'failed' && row;
    });
    expect(delivery).toMatchObject({
      attempts: 1,
      lastStatusCode: null,
      lastError: expect.stringMatching(/^localhost resolves to a non-public address/),
    });
    expect(receiver.received).toEqual([]);
  });

  it('validates the events a subscriber would get (a refused one writes nothing), and writes nothing for events no one subscribes to', async () => {
    const companyId = 'C000053';
    const created = await harness.send(
      Patterns.contractWorkflow.createWebhook,
      { url: receiver.answer('/validated', 200).replace('127.0.0.1', 'localhost'), eventTypes: ['contract.concluded'] },
      actors.administrator(companyId),
    );
    const { webhook } = created as { webhook: { webhookId: string } };
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
