import { HttpClient, HttpReply } from '@app/testing';
import { IdentityPlatform } from '../identity/identity-platform';
import { pdfBase64, Person, person } from './workflow-fixture';

/**
 * テンプレート管理 over HTTP against the real services: a registrant saves
 * contract info and a route, registers from it with only the PDF, date and
 * amount, and every rule of registration still applies to the result.
 */
describe('contract templates (テンプレート管理)', () => {
  let env: IdentityPlatform;
  let senderCompanyId: string;
  let senderAdmin: HttpClient;
  let receiverAdmin: HttpClient;
  let receiverCompanyId: string;
  let registrant: Person;
  let approver: Person;
  let signer: Person;
  let recipient: Person;
  let otherRecipient: Person;
  let outsider: Person;
  let template: { templateId: string };

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    const sender = await env.company('発注建設株式会社', { plan: 'ONE_SIDE' });
    const receiver = await env.company('株式会社受注工務店', { plan: 'PARTNER_ONLY', options: [] });
    const other = await env.company('別会社株式会社', { plan: 'BOTH', options: [] });
    senderCompanyId = sender.companyId;
    senderAdmin = sender.admin;
    receiverAdmin = receiver.admin;
    receiverCompanyId = receiver.companyId;
    registrant = await person(env, sender.admin, '山田 太郎', ['registrant']);
    approver = await person(env, sender.admin, '鈴木 次郎', ['approver']);
    signer = await person(env, sender.admin, '田中 社長', ['signer']);
    recipient = await person(env, receiver.admin, '佐藤 二郎', ['recipient']);
    otherRecipient = await person(env, other.admin, '別会社 受取', ['recipient']);
    outsider = await person(env, other.admin, '別会社 登録', ['registrant']);
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
  const put = (client: HttpClient, path: string, body: unknown) => client.request('PUT', path, body);
  const full = () => ({
    name: '工事請負（標準）',
    contractName: '工事請負契約書',
    counterpartyCompanyId: receiverCompanyId,
    recipientUserId: recipient.userId,
    senderSide: 'ORDERER',
    signatureMode: 'SENDER_ONLY',
    route: { approvers: [approver.userId], signer: signer.userId },
  });
  const fromTemplate = async (templateId: string, extra: Record<string, unknown> = {}, as: Person = registrant) =>
    as.client.post('/api/contracts', {
      templateId,
      pdfBase64: await pdfBase64(),
      transactionDate: '2026-08-01',
      amount: 880_000,
      ...extra,
    });

  it('saves, lists, reads, replaces and deletes a company’s templates; names are unique within the company', async () => {
    const created = await registrant.client.post('/api/templates', full());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...full(), createdBy: registrant.userId, updatedBy: registrant.userId });
    template = created.body;
    expectError(await registrant.client.post('/api/templates', { name: '工事請負（標準）' }), 409, 'TEMPLATE_NAME_TAKEN');

    const partial = await registrant.client.post('/api/templates', { name: '回覧のみ', route: { signer: signer.userId } });
    expect(partial.body).toMatchObject({ contractName: null, recipientUserId: null, route: { approvers: [], signer: signer.userId } });
    expect((await registrant.client.get('/api/templates')).body).toMatchObject({ total: 2, from: 1, to: 2 });
    expect((await registrant.client.get('/api/templates?query=工事請負契約')).body).toMatchObject({ total: 1, from: 1, to: 1 });
    expect((await registrant.client.get('/api/templates?page=2&pageSize=1')).body).toMatchObject({ total: 2, from: 2, to: 2 });
    expect((await registrant.client.get('/api/templates?page=3&pageSize=1')).body).toMatchObject({ items: [], from: 0, to: 0 });

    const replaced = await put(registrant.client, `/api/templates/${partial.body.templateId}`, {
      name: '回覧のみ（改）',
      contractName: '覚書',
    });
    expect(replaced.body).toMatchObject({ name: '回覧のみ（改）', contractName: '覚書', route: null });
    expect((await registrant.client.get(`/api/templates/${partial.body.templateId}`)).body.name).toBe('回覧のみ（改）');
    expectError(
      await put(registrant.client, `/api/templates/${partial.body.templateId}`, { name: '工事請負（標準）' }),
      409,
      'TEMPLATE_NAME_TAKEN',
    );
    expect((await registrant.client.delete(`/api/templates/${partial.body.templateId}`)).status).toBe(200);
    expectError(await registrant.client.get(`/api/templates/${partial.body.templateId}`), 404, 'TEMPLATE_NOT_FOUND');
  });

  it('registers from a template with only the PDF, date and amount; fields in the body win', async () => {
    const registered = await fromTemplate(template.templateId);
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({
      status: 'DRAFT',
      name: '工事請負契約書',
      signatureMode: 'SENDER_ONLY',
      sender: { side: 'ORDERER', registrantUserId: registrant.userId },
      receiver: { companyId: receiverCompanyId, recipientUserId: recipient.userId },
      transactionDate: '2026-08-01',
      amount: 880_000,
    });
    expect(registered.body.route.map((step: { role: string; userId: string }) => [step.role, step.userId])).toEqual([
      ['APPROVER', approver.userId],
      ['SIGNER', signer.userId],
    ]);
    const trail = await registrant.client.get(`/api/contracts/${registered.body.contractId}/audit`);
    expect(trail.body.entries[0]).toMatchObject({ action: 'REGISTERED', details: { templateId: template.templateId } });

    const overridden = await fromTemplate(template.templateId, {
      name: '工事請負契約書（追加工事）',
      signatureMode: 'BOTH',
      route: { approvers: [], signer: signer.userId },
    });
    expect(overridden.body).toMatchObject({ name: '工事請負契約書（追加工事）', signatureMode: 'BOTH' });
    expect(overridden.body.route).toHaveLength(1);
  });

  it('runs every registration check on what the template gives, storing nothing when one fails', async () => {
    const contracts = await countRows('contracts');
    // Missing in both the template and the body: named.
    const routeOnly = (await registrant.client.post('/api/templates', { name: '回覧のみ', route: { signer: signer.userId } })).body;
    const incomplete = await fromTemplate(routeOnly.templateId);
    expectError(incomplete, 400, 'VALIDATION_FAILED');
    expect(incomplete.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual([
      'counterpartyCompanyId',
      'name',
      'recipientUserId',
      'senderSide',
    ]);
    // The approver named in the template lost the role, then the recipient was disabled: refused as any registration.
    expect((await senderAdmin.patch(`/api/users/${approver.userId}`, { roles: ['signer'] })).status).toBe(200);
    expectError(await fromTemplate(template.templateId), 400, 'ROUTE_USER_INVALID');
    expect((await senderAdmin.patch(`/api/users/${approver.userId}`, { roles: ['approver'] })).status).toBe(200);
    expect((await receiverAdmin.post(`/api/users/${recipient.userId}/disable`)).status).toBe(200);
    expectError(await fromTemplate(template.templateId), 400, 'RECIPIENT_INVALID');
    expect((await receiverAdmin.post(`/api/users/${recipient.userId}/enable`)).status).toBe(200);
    // The body cannot smuggle in what registration refuses either.
    expectError(await fromTemplate(template.templateId, { recipientUserId: otherRecipient.userId }), 400, 'RECIPIENT_INVALID');
    expectError(await fromTemplate(template.templateId, { amount: -1 }), 400, 'VALIDATION_FAILED');
    expect(await countRows('contracts')).toBe(contracts);
    expect((await fromTemplate(template.templateId)).status).toBe(201);
  });

  it('checks what a template names when it is saved or replaced, saving nothing that breaks a rule (400)', async () => {
    const before = await countRows('contract_templates');
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ ...full(), name: '別会社の受取担当者', recipientUserId: otherRecipient.userId }, 'RECIPIENT_INVALID', 'recipientUserId'],
      [{ ...full(), name: '自社宛', counterpartyCompanyId: senderCompanyId }, 'COUNTERPARTY_INVALID'],
      [{ ...full(), name: '署名権限なし', route: { approvers: [], signer: approver.userId } }, 'ROUTE_USER_INVALID', 'route.signer'],
      [{ name: '取引先なし', recipientUserId: recipient.userId }, 'VALIDATION_FAILED', 'counterpartyCompanyId'],
      [{ name: '' }, 'VALIDATION_FAILED', 'name'],
      [{ name: '署名有無', signatureMode: 'NONE' }, 'VALIDATION_FAILED', 'signatureMode'],
      [
        { name: '承認者重複', route: { approvers: [approver.userId, approver.userId], signer: signer.userId } },
        'VALIDATION_FAILED',
        'route.approvers',
      ],
      [{ name: '利用者ID', route: { signer: 'X1' } }, 'VALIDATION_FAILED', 'route.signer'],
    ];
    for (const [body, code, path] of cases) {
      for (const reply of [
        await registrant.client.post('/api/templates', body),
        await put(registrant.client, `/api/templates/${template.templateId}`, body),
      ]) {
        expect({ body, status: reply.status, code: reply.body.error?.code }).toEqual({ body, status: 400, code });
        if (path) {
          expect(reply.body.error.details).toContainEqual({ path, message: expect.any(String), messageJa: expect.any(String) });
        }
      }
    }
    const japanese = await registrant.client.post('/api/templates', { name: '取引先なし', recipientUserId: recipient.userId });
    expect(japanese.body.error.details[0].messageJa).toContain('取引先企業');
    expect(await countRows('contract_templates')).toBe(before);
    expect((await registrant.client.get(`/api/templates/${template.templateId}`)).body).toMatchObject(full());
    expectError(await registrant.client.get('/api/templates/not-a-uuid'), 400, 'VALIDATION_FAILED');
    expectError(await registrant.client.post('/api/contracts', { templateId: 'not-a-uuid' }), 400, 'VALIDATION_FAILED');
  });

  it('answers 404 for another company’s template on every endpoint and for registering from it, changing nothing', async () => {
    const id = template.templateId;
    const contracts = await countRows('contracts');
    expectError(await outsider.client.get(`/api/templates/${id}`), 404, 'TEMPLATE_NOT_FOUND');
    expectError(await put(outsider.client, `/api/templates/${id}`, { name: '乗っ取り' }), 404, 'TEMPLATE_NOT_FOUND');
    expectError(await outsider.client.delete(`/api/templates/${id}`), 404, 'TEMPLATE_NOT_FOUND');
    expectError(await fromTemplate(id, {}, outsider), 404, 'TEMPLATE_NOT_FOUND');
    expect((await outsider.client.get('/api/templates')).body).toMatchObject({ total: 0, items: [] });
    expect(await countRows('contracts')).toBe(contracts);
    expect((await registrant.client.get(`/api/templates/${id}`)).body).toMatchObject(full());
  });

  it('is for registrants only (403)', async () => {
    for (const client of [approver.client, senderAdmin]) {
      expectError(await client.get('/api/templates'), 403, 'TEMPLATE_ROLE_REQUIRED');
      expectError(await client.post('/api/templates', { name: '承認者のテンプレート' }), 403, 'TEMPLATE_ROLE_REQUIRED');
      expectError(await client.get(`/api/templates/${template.templateId}`), 403, 'TEMPLATE_ROLE_REQUIRED');
      expectError(await client.delete(`/api/templates/${template.templateId}`), 403, 'TEMPLATE_ROLE_REQUIRED');
    }
    expectError(await fromTemplate(template.templateId, {}, approver), 403, 'REGISTRANT_ROLE_REQUIRED');
    expect((await registrant.client.get(`/api/templates/${template.templateId}`)).status).toBe(200);
  });
});
