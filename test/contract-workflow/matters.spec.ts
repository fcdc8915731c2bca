import { randomUUID } from 'node:crypto';
import { HttpClient, HttpReply } from '@app/testing';
import { IdentityPlatform } from '../identity/identity-platform';
import { registerContract, sendContract } from './contract-steps';
import { Person, person } from './workflow-fixture';

/**
 * 案件管理 over HTTP against the real services: matters of ONE_SIDE companies
 * with the MATTER option, linked by the sender at registration and by the
 * receiver at receipt — each side its own company's matter — and refused to
 * everyone else.
 */
describe('matters (案件管理)', () => {
  let env: IdentityPlatform;
  let sender: { companyId: string; registrant: Person; signer: Person; approver: Person; admin: HttpClient };
  let receiver: { companyId: string; recipient: Person };
  let noOption: { companyId: string; registrant: Person; recipient: Person };
  let bothPlan: HttpClient;
  let outsider: HttpClient;
  let senderMatter: { matterId: string };
  let outsiderMatter: { matterId: string };

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    const s = await env.company('発注建設株式会社', { plan: 'ONE_SIDE', options: ['MATTER'] });
    const r = await env.company('受注工務店株式会社', { plan: 'ONE_SIDE', options: ['MATTER'] });
    const n = await env.company('案件なし株式会社', { plan: 'ONE_SIDE', options: ['BULK_SIGN'] });
    bothPlan = (await env.company('双方課金株式会社', { plan: 'BOTH', options: [] })).admin;
    outsider = (await env.company('第三者株式会社', { plan: 'ONE_SIDE', options: ['MATTER'] })).admin;
    sender = {
      companyId: s.companyId,
      admin: s.admin,
      registrant: await person(env, s.admin, '山田 太郎', ['registrant']),
      signer: await person(env, s.admin, '田中 社長', ['signer']),
      approver: await person(env, s.admin, '鈴木 次郎', ['approver']),
    };
    receiver = { companyId: r.companyId, recipient: await person(env, r.admin, '佐藤 二郎', ['recipient']) };
    noOption = {
      companyId: n.companyId,
      registrant: await person(env, n.admin, '木村 一郎', ['registrant', 'signer']),
      recipient: await person(env, n.admin, '木村 花子', ['recipient']),
    };
    outsiderMatter = (await outsider.post('/api/matters', { name: '他社の案件', code: 'PJ-2026-001' })).body;
  });

  afterAll(async () => {
    await env?.close();
  });

  const countRows = async (table: string) =>
    (await env.database.pool.query(`SELECT count(*)::int AS n FROM contract_workflow.${table}`)).rows[0].n as number;
  const expectError = (reply: HttpReply, status: number, code: string) => {
    expect({ status: reply.status, code: reply.body.error?.code }).toEqual({ status, code });
    expect(reply.body.error.message).toEqual({ ja: expect.stringMatching(/\S/), en: expect.stringMatching(/\S/) });
  };
  const toReceiver = (name: string, matterId?: string) => ({
    name,
    counterpartyCompanyId: receiver.companyId,
    recipient: receiver.recipient,
    signatureMode: 'SENDER_ONLY' as const,
    transactionDate: '2026-07-01',
    amount: 1_000_000,
    ...(matterId ? { matterId } : {}),
  });

  it('creates, lists, reads and changes a company’s matters; codes are unique within a company only', async () => {
    const created = await sender.registrant.client.post('/api/matters', {
      name: '新社屋建設工事',
      code: 'PJ-2026-001',
      description: '本社新社屋の建設に関する契約',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '新社屋建設工事', code: 'PJ-2026-001', createdBy: sender.registrant.userId });
    senderMatter = created.body;
    const second = await sender.admin.post('/api/matters', { name: '倉庫改修工事' });
    expect(second.body).toMatchObject({ code: null, description: '' });

    expectError(await sender.registrant.client.post('/api/matters', { name: '重複', code: 'PJ-2026-001' }), 409, 'MATTER_CODE_TAKEN');
    expectError(
      await sender.registrant.client.patch(`/api/matters/${second.body.matterId}`, { code: 'PJ-2026-001' }),
      409,
      'MATTER_CODE_TAKEN',
    );

    const list = await sender.approver.client.get('/api/matters');
    expect(list.body).toMatchObject({ total: 2, from: 1, to: 2 });
    expect(list.body.items.map((item: { name: string }) => item.name).sort()).toEqual(['倉庫改修工事', '新社屋建設工事'].sort());
    expect((await sender.registrant.client.get('/api/matters?query=pj-2026')).body).toMatchObject({ total: 1, from: 1, to: 1 });
    expect((await sender.registrant.client.get('/api/matters?page=2&pageSize=1')).body).toMatchObject({ total: 2, from: 2, to: 2 });
    expect((await sender.registrant.client.get('/api/matters?page=3&pageSize=1')).body).toMatchObject({ items: [], from: 0, to: 0 });

    const renamed = await sender.registrant.client.patch(`/api/matters/${second.body.matterId}`, { name: '倉庫改修工事（第2期）' });
    expect(renamed.body).toMatchObject({ name: '倉庫改修工事（第2期）', code: null });
    expect((await sender.registrant.client.get(`/api/matters/${second.body.matterId}`)).body.name).toBe('倉庫改修工事（第2期）');
    expect((await sender.registrant.client.delete(`/api/matters/${second.body.matterId}`)).status).toBe(200);
    expect((await sender.registrant.client.get(`/api/matters/${second.body.matterId}`)).status).toBe(404);
  });

  it('links the sender’s matter at registration and the receiver’s own at receipt; each company sees only its own', async () => {
    const sent = await sendContract(env, sender.registrant, sender.signer, toReceiver('工事請負契約書', senderMatter.matterId));
    expect(sent.matterId).toBe(senderMatter.matterId);
    const receiverMatter = (await receiver.recipient.client.post('/api/matters', { name: '受注案件 A' })).body;
    // The receiver does not see the sender's matter, and cannot use it.
    expect((await receiver.recipient.client.get(`/api/contracts/${sent.contractId}`)).body.matterId).toBeNull();
    expect((await receiver.recipient.client.get(`/api/matters/${senderMatter.matterId}`)).status).toBe(404);

    const received = await receiver.recipient.client.post(`/api/contracts/${sent.contractId}/receive`, {
      route: { approvers: [], signer: receiver.recipient.userId },
      matterId: receiverMatter.matterId,
    });
    expect(received.status).toBe(200);
    expect(received.body).toMatchObject({ status: 'CONCLUDED', matterId: receiverMatter.matterId });
    expect((await sender.registrant.client.get(`/api/contracts/${sent.contractId}`)).body.matterId).toBe(senderMatter.matterId);

    const ofSender = await sender.registrant.client.get(`/api/matters/${senderMatter.matterId}/contracts`);
    expect(ofSender.body).toMatchObject({ total: 1, from: 1, to: 1 });
    expect(ofSender.body.items[0]).toMatchObject({ contractId: sent.contractId, matterId: senderMatter.matterId });
    const ofReceiver = await receiver.recipient.client.get(`/api/matters/${receiverMatter.matterId}/contracts`);
    expect(ofReceiver.body.items.map((item: { contractId: string }) => item.contractId)).toEqual([sent.contractId]);

    // The receipt's audit entry records the link.
    const trail = await receiver.recipient.client.get(`/api/contracts/${sent.contractId}/audit`);
    const receipt = trail.body.entries.find((entry: { action: string }) => entry.action === 'RECEIVE');
    expect(receipt.details).toMatchObject({ matterId: receiverMatter.matterId, to: 'CONCLUDED' });
    const registration = trail.body.entries.find((entry: { action: string }) => entry.action === 'REGISTERED');
    expect(registration.details).toMatchObject({ matterId: senderMatter.matterId });
    expect((await receiver.recipient.client.get(`/api/contracts/${sent.contractId}/audit/verify`)).body.valid).toBe(true);

    // A linked matter cannot be deleted.
    expectError(await sender.registrant.client.delete(`/api/matters/${senderMatter.matterId}`), 409, 'MATTER_IN_USE');
  });

  it('lists a matter’s documents with filters and paging', async () => {
    for (const name of ['追加工事契約書 1', '追加工事契約書 2', '追加工事契約書 3']) {
      await registerContract(sender.registrant, sender.signer, toReceiver(name, senderMatter.matterId));
    }
    await registerContract(sender.registrant, sender.signer, toReceiver('案件外の契約書'));
    const path = `/api/matters/${senderMatter.matterId}/contracts`;
    expect((await sender.registrant.client.get(path)).body).toMatchObject({ total: 4, from: 1, to: 4 });
    expect((await sender.registrant.client.get(`${path}?status=DRAFT`)).body.total).toBe(3);
    const last = await sender.registrant.client.get(`${path}?sort=documentNumber&order=asc&page=2&pageSize=3`);
    expect(last.body).toMatchObject({ total: 4, from: 4, to: 4 });
    expect(last.body.items[0].name).toBe('追加工事契約書 3');
    expect((await sender.registrant.client.get(`${path}?page=3&pageSize=3`)).body).toMatchObject({ items: [], from: 0, to: 0 });
  });

  it('answers 404 for another company’s matter on every endpoint, and for linking it, changing nothing', async () => {
    const id = senderMatter.matterId;
    expectError(await outsider.get(`/api/matters/${id}`), 404, 'MATTER_NOT_FOUND');
    expectError(await outsider.patch(`/api/matters/${id}`, { name: '乗っ取り' }), 404, 'MATTER_NOT_FOUND');
    expectError(await outsider.delete(`/api/matters/${id}`), 404, 'MATTER_NOT_FOUND');
    expectError(await outsider.get(`/api/matters/${id}/contracts`), 404, 'MATTER_NOT_FOUND');
    expect((await outsider.get('/api/matters')).body.items.map((item: { name: string }) => item.name)).toEqual(['他社の案件']);
    expect((await sender.registrant.client.get(`/api/matters/${id}`)).body.name).toBe('新社屋建設工事');
    expectError(await sender.registrant.client.get(`/api/matters/${randomUUID()}`), 404, 'MATTER_NOT_FOUND');

    const contracts = await countRows('contracts');
    const reply = await sender.registrant.client.post('/api/contracts', {
      pdfBase64: Buffer.from('%PDF-1.7 not reached').toString('base64'),
      name: '他社案件の契約書',
      counterpartyCompanyId: receiver.companyId,
      recipientUserId: receiver.recipient.userId,
      senderSide: 'ORDERER',
      transactionDate: '2026-07-01',
      amount: 1,
      route: { approvers: [], signer: sender.signer.userId },
      matterId: outsiderMatter.matterId,
    });
    expectError(reply, 404, 'MATTER_NOT_FOUND');
    expect(await countRows('contracts')).toBe(contracts);

    // The receiver cannot link the sender's matter (nor another company's) at receipt: nothing changes.
    const sent = await sendContract(env, sender.registrant, sender.signer, toReceiver('受取時の案件'));
    for (const matterId of [senderMatter.matterId, outsiderMatter.matterId]) {
      const refused = await receiver.recipient.client.post(`/api/contracts/${sent.contractId}/receive`, {
        route: { approvers: [], signer: receiver.recipient.userId },
        matterId,
      });
      expectError(refused, 404, 'MATTER_NOT_FOUND');
    }
    const unchanged = await receiver.recipient.client.get(`/api/contracts/${sent.contractId}`);
    expect(unchanged.body).toMatchObject({ status: 'AWAITING_RECEIPT', matterId: null, updatedAt: sent.updatedAt });
  });

  it('refuses a company without the option or not on ONE_SIDE (403), and non-managers changing matters', async () => {
    for (const client of [noOption.registrant.client, bothPlan]) {
      expectError(await client.get('/api/matters'), 403, 'MATTER_OPTION_REQUIRED');
      expectError(await client.post('/api/matters', { name: '案件' }), 403, 'MATTER_OPTION_REQUIRED');
      expectError(await client.get(`/api/matters/${outsiderMatter.matterId}`), 403, 'MATTER_OPTION_REQUIRED');
      expectError(await client.patch(`/api/matters/${outsiderMatter.matterId}`, { name: 'x' }), 403, 'MATTER_OPTION_REQUIRED');
      expectError(await client.delete(`/api/matters/${outsiderMatter.matterId}`), 403, 'MATTER_OPTION_REQUIRED');
      expectError(await client.get(`/api/matters/${outsiderMatter.matterId}/contracts`), 403, 'MATTER_OPTION_REQUIRED');
    }
    const refusal = await noOption.registrant.client.get('/api/matters');
    expect(refusal.body.error.message.ja).toContain('案件管理');
    expect(refusal.body.error.message.en).toContain('MATTER');

    // Registering with a matter, and receiving with one, as a company without the option: refused, nothing stored or changed.
    const contracts = await countRows('contracts');
    const registration = await noOption.registrant.client.post('/api/contracts', {
      pdfBase64: Buffer.from('%PDF-1.7 not reached').toString('base64'),
      name: '案件付きの契約書',
      counterpartyCompanyId: receiver.companyId,
      recipientUserId: receiver.recipient.userId,
      senderSide: 'ORDERER',
      transactionDate: '2026-07-01',
      amount: 1,
      route: { approvers: [], signer: noOption.registrant.userId },
      matterId: randomUUID(),
    });
    expectError(registration, 403, 'MATTER_OPTION_REQUIRED');
    expect(await countRows('contracts')).toBe(contracts);

    const toNoOption = await sendContract(env, sender.registrant, sender.signer, {
      ...toReceiver('案件なし企業への契約書'),
      counterpartyCompanyId: noOption.companyId,
      recipient: noOption.recipient,
    });
    const receipt = await noOption.recipient.client.post(`/api/contracts/${toNoOption.contractId}/receive`, {
      route: { approvers: [], signer: noOption.recipient.userId },
      matterId: randomUUID(),
    });
    expectError(receipt, 403, 'MATTER_OPTION_REQUIRED');
    expect((await noOption.recipient.client.get(`/api/contracts/${toNoOption.contractId}`)).body.status).toBe('AWAITING_RECEIPT');

    // An approver reads matters but does not manage them.
    expect((await sender.approver.client.get(`/api/matters/${senderMatter.matterId}`)).status).toBe(200);
    expectError(await sender.approver.client.post('/api/matters', { name: '承認者の案件' }), 403, 'MATTER_ROLE_REQUIRED');
    expectError(await sender.approver.client.patch(`/api/matters/${senderMatter.matterId}`, { name: 'x' }), 403, 'MATTER_ROLE_REQUIRED');
  });

  it('refuses bad input with 400 naming the field, creating or changing nothing', async () => {
    const before = await countRows('matters');
    const cases: [() => Promise<HttpReply>, string][] = [
      [() => sender.registrant.client.post('/api/matters', { name: '  ' }), 'name'],
      [() => sender.registrant.client.post('/api/matters', {}), 'name'],
      [() => sender.registrant.client.post('/api/matters', { name: '案件', code: 'PJ 2026/001!' }), 'code'],
      [() => sender.registrant.client.post('/api/matters', { name: '案件', description: 'x'.repeat(2001) }), 'description'],
      [() => sender.registrant.client.post('/api/matters', { name: 'x'.repeat(201) }), 'name'],
      [() => sender.registrant.client.patch(`/api/matters/${senderMatter.matterId}`, { name: '' }), 'name'],
      [() => sender.registrant.client.patch('/api/matters/not-a-uuid', { name: '案件' }), 'matterId'],
      [() => sender.registrant.client.get('/api/matters?pageSize=0'), 'pageSize'],
      [() => sender.registrant.client.get('/api/matters/not-a-uuid/contracts'), 'matterId'],
      [() => sender.registrant.client.get(`/api/matters/${senderMatter.matterId}/contracts?status=NOPE`), 'status'],
    ];
    for (const [call, path] of cases) {
      const reply = await call();
      expectError(reply, 400, 'VALIDATION_FAILED');
      expect(reply.body.error.details).toContainEqual({ path, message: expect.any(String), messageJa: expect.any(String) });
    }
    expect(await countRows('matters')).toBe(before);
    expect((await sender.registrant.client.get(`/api/matters/${senderMatter.matterId}`)).body.name).toBe('新社屋建設工事');
  });
});
