import { randomUUID } from 'node:crypto';
import { BillingUsage, Patterns } from '@app/contracts';
import { Conclusion } from '@apps/contract-workflow/src/billing/billing-ledger';
import { actors, LedgerHarness } from './ledger-harness';

/**
 * Real: contract-workflow on PostgreSQL and RabbitMQ. Conclusions are
 * recorded the way the workflow does (in its transaction); usage is read over
 * RPC with an actor, as the gateway asks.
 */
describe('billing ledger (課金台帳)', () => {
  let harness: LedgerHarness;
  let sequence = 100;

  beforeAll(async () => {
    harness = await LedgerHarness.start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  const conclusion = (overrides: Partial<Conclusion> & { at: string }): Conclusion => {
    sequence += 1;
    return {
      contractId: randomUUID(),
      documentNumber: String(sequence).padStart(10, '0'),
      concludedAt: new Date(overrides.at),
      sender: { companyId: 'C000011', plan: 'ONE_SIDE' },
      receiver: { companyId: 'C000012', plan: 'PARTNER_ONLY' },
      ...overrides,
    };
  };
  const record = (value: Conclusion) => harness.inTransaction((tx) => harness.billing.recordConclusion(tx, value));
  const usage = async (companyId: string, month: string) =>
    (await harness.send(Patterns.contractWorkflow.billingUsage, { month }, actors.administrator(companyId))) as BillingUsage;

  it('bills a conclusion once, however often it is recorded', async () => {
    const once = conclusion({
      at: '2026-05-10T03:00:00Z',
      sender: { companyId: 'C000021', plan: 'BOTH' },
      receiver: { companyId: 'C000022', plan: 'BOTH' },
    });
    expect(await record(once)).toHaveLength(2);
    expect(await record(once)).toEqual([]);
    await Promise.all([record(once), record(once), record(once)]);
    const { rows } = await harness.database.pool.query(
      `SELECT company_id FROM contract_ledger.billing_charges WHERE contract_id = $1 ORDER BY company_id`,
      [once.contractId],
    );
    expect(rows).toEqual([{ company_id: 'C000021' }, { company_id: 'C000022' }]);
    expect((await usage('C000021', '2026-05')).chargedContracts).toBe(1);
  });

  it('charges per the plan matrix: only the ONE_SIDE company, or both, never a refused pair', async () => {
    const oneSidePays = conclusion({ at: '2026-06-10T03:00:00Z' });
    await record(oneSidePays);
    expect((await usage('C000011', '2026-06')).charges).toEqual([
      expect.objectContaining({ contractId: oneSidePays.contractId, side: 'sender', plan: 'ONE_SIDE', counterpartyCompanyId: 'C000012' }),
    ]);
    expect(await usage('C000012', '2026-06')).toMatchObject({ chargedContracts: 0, charges: [] });
    const receiverPays = conclusion({
      at: '2026-06-11T03:00:00Z',
      sender: { companyId: 'C000012', plan: 'PARTNER_ONLY' },
      receiver: { companyId: 'C000011', plan: 'ONE_SIDE' },
    });
    await record(receiverPays);
    expect((await usage('C000011', '2026-06')).charges.map((charge) => charge.side)).toEqual(['sender', 'receiver']);
    await expect(
      record(
        conclusion({
          at: '2026-06-12T03:00:00Z',
          sender: { companyId: 'C000012', plan: 'PARTNER_ONLY' },
          receiver: { companyId: 'C000013', plan: 'BOTH' },
        }),
      ),
    ).rejects.toMatchObject({ reply: { code: 'PLAN_PAIR_NOT_ALLOWED' } });
  });

  it('counts a contract in the Japanese calendar month it was concluded in', async () => {
    const company = { companyId: 'C000031', plan: 'ONE_SIDE' as const };
    const counterparty = { companyId: 'C000032', plan: 'PARTNER_ONLY' as const };
    const at = (instant: string) => conclusion({ at: instant, sender: company, receiver: counterparty });
    const lastOfOctober = at('2026-10-31T14:59:59.999Z'); // 23:59:59.999 JST, 31 October
    const firstOfNovember = at('2026-10-31T15:00:00Z'); // 00:00 JST, 1 November
    const lastOfNovember = at('2026-11-30T14:59:00Z');
    const firstOfDecember = at('2026-11-30T15:00:00Z');
    for (const value of [lastOfOctober, firstOfNovember, lastOfNovember, firstOfDecember]) {
      await record(value);
    }
    const numbers = async (month: string) => (await usage('C000031', month)).charges.map((charge) => charge.documentNumber);
    expect(await numbers('2026-10')).toEqual([lastOfOctober.documentNumber]);
    expect(await numbers('2026-11')).toEqual([firstOfNovember.documentNumber, lastOfNovember.documentNumber]);
    expect(await numbers('2026-12')).toEqual([firstOfDecember.documentNumber]);
    expect(await usage('C000031', '2026-11')).toMatchObject({
      companyId: 'C000031',
      month: '2026-11',
      timeZone: 'Asia/Tokyo',
      chargedContracts: 2,
    });
  });

  it('lists 長期保管延長 renewals charged to the company in the month (Japan time), beside the conclusions', async () => {
    const contractId = randomUUID();
    for (const [generation, renewedAt] of [
      [0, '2026-08-31T14:59:00Z'], // 23:59 JST, 31 August
      [1, '2026-08-31T15:00:00Z'], // 00:00 JST, 1 September
    ] as const) {
      await harness.database.pool.query(
        `INSERT INTO contract_long_term.renewal_charges (contract_id, generation, company_id, document_number, renewed_at, usage_month)
         VALUES ($1, $2, 'C000051', '0000000777', $3, $4)`,
        [contractId, generation, renewedAt, generation === 0 ? '2026-08' : '2026-09'],
      );
    }
    expect(await usage('C000051', '2026-08')).toMatchObject({
      chargedContracts: 0,
      chargedRenewals: 1,
      renewals: [{ contractId, documentNumber: '0000000777', generation: 0, renewedAt: '2026-08-31T14:59:00.000Z' }],
    });
    expect((await usage('C000051', '2026-09')).renewals).toEqual([
      { contractId, documentNumber: '0000000777', generation: 1, renewedAt: '2026-08-31T15:00:00.000Z' },
    ]);
    expect(await usage('C000052', '2026-09')).toMatchObject({ chargedRenewals: 0, renewals: [] });
  });

  it("shows an administrator only its own company's usage; the operator any company it names", async () => {
    await record(
      conclusion({
        at: '2026-07-01T03:00:00Z',
        sender: { companyId: 'C000041', plan: 'ONE_SIDE' },
        receiver: { companyId: 'C000042', plan: 'ONE_SIDE' },
      }),
    );
    const send = (actor: Parameters<LedgerHarness['send']>[2], payload: { month: string; companyId?: string }) =>
      harness.send(Patterns.contractWorkflow.billingUsage, payload, actor);
    expect(await send(actors.administrator('C000041'), { month: '2026-07', companyId: 'C000041' })).toMatchObject({ chargedContracts: 1 });
    expect(await send(actors.administrator('C000041'), { month: '2026-07', companyId: 'C000042' })).toEqual({ error: 'NOT_FOUND' });
    expect(await send(actors.user('C000041'), { month: '2026-07' })).toEqual({ error: 'FORBIDDEN' });
    expect(await send(actors.apiToken('C000041'), { month: '2026-07' })).toEqual({ error: 'FORBIDDEN' });
    expect(await send(actors.anonymous(), { month: '2026-07' })).toEqual({ error: 'UNAUTHENTICATED' });
    expect(await send(actors.operator(), { month: '2026-07', companyId: 'C000042' })).toMatchObject({
      companyId: 'C000042',
      chargedContracts: 1,
    });
    expect(await send(actors.operator(), { month: '2026-07' })).toEqual({ error: 'BILLING_COMPANY_REQUIRED' });
    expect(await send(actors.operator(), { month: '2026-13', companyId: 'C000042' })).toEqual({ error: 'VALIDATION_FAILED' });
  });

  it('keeps billing rows as written: the database refuses to change or delete them', async () => {
    const value = conclusion({ at: '2026-08-01T03:00:00Z' });
    await record(value);
    await expect(
      harness.database.pool.query(`UPDATE contract_ledger.billing_charges SET usage_month = '2026-01' WHERE contract_id = $1`, [
        value.contractId,
      ]),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(
      harness.database.pool.query(`DELETE FROM contract_ledger.billing_charges WHERE contract_id = $1`, [value.contractId]),
    ).rejects.toThrow(/append-only: DELETE refused/);
  });
});
