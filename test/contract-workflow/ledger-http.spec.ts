import { randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { Services } from '@app/contracts';
import { DatabaseHandle, inTransaction, Transaction } from '@app/db';
import { DATABASE } from '@app/messaging';
import { HttpClient } from '@app/testing';
import { AuditTrail } from '@apps/contract-workflow/src/audit/audit-trail';
import { BillingLedger } from '@apps/contract-workflow/src/billing/billing-ledger';
import { IdentityPlatform } from '../identity/identity-platform';

/**
 * Real: the whole platform in-process, driven over HTTP through the gateway.
 * Audit entries and conclusions are written the way the workflow writes them,
 * in contract-workflow's own transactions, for companies created over HTTP.
 */
describe('audit trail and billing over HTTP', () => {
  let env: IdentityPlatform;
  let sender: { companyId: string; admin: HttpClient };
  let receiver: { companyId: string; admin: HttpClient };
  let outsider: { companyId: string; admin: HttpClient };
  const contractId = randomUUID();

  const inWorkflow = <T>(work: (tx: Transaction, service: { audit: AuditTrail; billing: BillingLedger }) => Promise<T>) => {
    const service = env.platform.services.get(Services.contractWorkflow);
    if (!service) {
      throw new Error('contract-workflow is not running');
    }
    const parts = { audit: service.get(AuditTrail), billing: service.get(BillingLedger) };
    return inTransaction(service.get<DatabaseHandle>(DATABASE).db, (tx) => work(tx, parts));
  };

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    sender = await env.company('発注建設株式会社', { plan: 'ONE_SIDE' });
    receiver = await env.company('株式会社受注工務店', { plan: 'PARTNER_ONLY' });
    outsider = await env.company('第三者株式会社', { plan: 'BOTH' });
    for (const [action, sentToReceiver] of [
      ['REGISTERED', false],
      ['SIGN', true],
      ['RECEIVE', true],
    ] as const) {
      await inWorkflow((tx, { audit }) =>
        audit.append(tx, {
          contractId,
          documentNumber: '0000000001',
          action,
          actor: { kind: 'user', userId: 'U000002', companyId: sender.companyId },
          senderCompanyId: sender.companyId,
          receiverCompanyId: receiver.companyId,
          sentToReceiver,
          clientIp: '127.0.0.1',
          documentSha256: 'c'.repeat(64),
        }),
      );
    }
    await inWorkflow((tx, { billing }) =>
      billing.recordConclusion(tx, {
        contractId,
        documentNumber: '0000000001',
        concludedAt: new Date('2026-11-20T01:00:00Z'),
        sender: { companyId: sender.companyId, plan: 'ONE_SIDE' },
        receiver: { companyId: receiver.companyId, plan: 'PARTNER_ONLY' },
      }),
    );
  });

  afterAll(async () => {
    await env?.close();
  });

  it('gives both companies the trail as JSON, its check and a PDF report', async () => {
    for (const party of [sender, receiver]) {
      const trail = await party.admin.get(`/api/contracts/${contractId}/audit`);
      expect(trail.status).toBe(200);
      expect(trail.body.entries.map((entry: { action: string }) => entry.action)).toEqual(['REGISTERED', 'SIGN', 'RECEIVE']);
      const verify = await party.admin.get(`/api/contracts/${contractId}/audit/verify`);
      expect(verify.body).toEqual({ contractId, valid: true, entries: 3 });
    }
    const response = await fetch(`${env.baseUrl}/api/contracts/${contractId}/audit.pdf`, {
      headers: { cookie: receiver.admin.cookie ?? '' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="audit-0000000001.pdf"');
    const pdf = await PDFDocument.load(new Uint8Array(await response.arrayBuffer()));
    expect(pdf.getTitle()).toBe('監査証跡 0000000001');
  });

  it("is 404 for another company's caller, 400 for a malformed ID and 401 for nobody", async () => {
    for (const path of ['audit', 'audit.pdf', 'audit/verify']) {
      const outside = await outsider.admin.get(`/api/contracts/${contractId}/${path}`);
      expect(outside.status).toBe(404);
      expect(outside.body.error).toMatchObject({ code: 'NOT_FOUND', message: { ja: expect.any(String), en: 'Not found.' } });
      expect((await sender.admin.get(`/api/contracts/not-a-uuid/${path}`)).status).toBe(400);
      expect((await env.client().get(`/api/contracts/${contractId}/${path}`)).status).toBe(401);
    }
  });

  it("shows each administrator its own company's monthly usage and the operator any company's", async () => {
    const own = await sender.admin.get('/api/billing/usage?month=2026-11');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ companyId: sender.companyId, month: '2026-11', chargedContracts: 1 });
    expect(own.body.charges[0]).toMatchObject({ contractId, side: 'sender', plan: 'ONE_SIDE', counterpartyCompanyId: receiver.companyId });
    // PARTNER_ONLY trading with ONE_SIDE: the ONE_SIDE company pays.
    expect((await receiver.admin.get('/api/billing/usage?month=2026-11')).body).toMatchObject({ chargedContracts: 0, charges: [] });
    expect((await sender.admin.get('/api/billing/usage?month=2026-10')).body).toMatchObject({ chargedContracts: 0 });
    expect((await outsider.admin.get(`/api/billing/usage?month=2026-11&companyId=${sender.companyId}`)).status).toBe(404);
    expect((await sender.admin.get('/api/billing/usage?month=11-2026')).status).toBe(400);
    const operator = await env.operator();
    const asOperator = await operator.get(`/api/billing/usage?month=2026-11&companyId=${sender.companyId}`);
    expect(asOperator.body).toMatchObject({ companyId: sender.companyId, chargedContracts: 1 });
    const unnamed = await operator.get('/api/billing/usage?month=2026-11');
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error).toMatchObject({ code: 'BILLING_COMPANY_REQUIRED', message: { ja: expect.stringContaining('企業ID') } });
  });
});
