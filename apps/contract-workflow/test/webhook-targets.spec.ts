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

  it.each([
    ['an IP literal', (url: string) => url, /^127\.0\.0\.1 is not a public address$/],
    ['a name that resolves to it', (url: string) => url.replace('127.0.0.1', 'localhost'), /^localhost resolves to a non-public address/],
  ])('refuses a loopback target given as %s, without sending anything', async (_name, urlOf, expectedError) => {
    const companyId = 'C000051';
    const created = await harness.send(
      Patterns.contractWorkflow.createWebhook,
      { url: urlOf(receiver.answer('/internal', 200)), eventTypes: ['contract.concluded'] },
      actors.administrator(companyId),
    );
    const { webhook } = created as { webhook: { webhookId: string } };
    await harness.inTransaction((tx) =>
      harness.webhooks.enqueue(tx, {
        type: 'contract.concluded',
        companyIds: [companyId],
        data: {
          contractId: '7d3c1f0e-8a1b-4c2d-9e3f-000000000051',
          documentNumber: '0000000051',
          status: 'CONCLUDED',
          senderCompanyId: companyId,
          receiverCompanyId: 'C000052',
          occurredAt: new Date().toISOString(),
        },
      }),
    );
    const delivery = await eventually(async () => {
      const [row] = await harness.database.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.subscriptionId, webhook.webhookId));
      return row?.status === 'failed' && row;
    });
    expect(delivery).toMatchObject({ attempts: 1, lastStatusCode: null, lastError: expect.stringMatching(expectedError) });
    expect(receiver.received).toEqual([]);
    await harness.send(Patterns.contractWorkflow.deleteWebhook, { webhookId: webhook.webhookId }, actors.administrator(companyId));
  });
});
