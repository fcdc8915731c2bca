import { readFileSync } from 'node:fs';
import { runTool, tempDir } from '@apps/signing/test/signing-fixtures';
import { IdentityPlatform } from '../identity/identity-platform';
import { pdfBase64, Person, person } from './workflow-fixture';

/** Bad registrations: each a clear error in both languages; nothing stored, no mail sent. */
describe('contract registration refuses bad input and changes nothing', () => {
  let env: IdentityPlatform;
  const tmp = tempDir();
  let registrant: Person;
  let approver: Person;
  let signer: Person;
  let recipient: Person;
  let receiverCompanyId: string;
  let partnerOnlyRecipient: Person;
  let partnerOnlyCompanyId: string;

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    const sender = await env.company('登録建設株式会社', { plan: 'PARTNER_ONLY', options: [] });
    const receiver = await env.company('受領工業株式会社', { plan: 'ONE_SIDE' });
    const partnerOnly = await env.company('取引専用株式会社', { plan: 'PARTNER_ONLY', options: [] });
    receiverCompanyId = receiver.companyId;
    partnerOnlyCompanyId = partnerOnly.companyId;
    registrant = await person(env, sender.admin, '登録 一郎', ['registrant']);
    approver = await person(env, sender.admin, '承認 二郎', ['approver']);
    signer = await person(env, sender.admin, '署名 三郎', ['signer']);
    recipient = await person(env, receiver.admin, '受取 四郎', ['recipient']);
    partnerOnlyRecipient = await person(env, partnerOnly.admin, '受取 五郎', ['recipient']);
  });

  afterAll(async () => {
    await env?.close();
    tmp.remove();
  });

  const valid = async () => ({
    pdfBase64: await pdfBase64(),
    name: '売買契約書',
    counterpartyCompanyId: receiverCompanyId,
    recipientUserId: recipient.userId,
    senderSide: 'CONTRACTOR',
    transactionDate: '2026-09-30',
    amount: 300_000,
    route: { approvers: [approver.userId], signer: signer.userId },
  });

  it('names each broken rule and stores nothing', async () => {
    const plain = tmp.file('plain.pdf', Buffer.from(await pdfBase64(), 'base64'));
    const encryptedPath = tmp.file('encrypted.pdf');
    expect(runTool('qpdf', ['--encrypt', 'user', 'owner', '256', '--', plain, encryptedPath]).status).toBe(0);
    const withEncrypt = readFileSync(encryptedPath);
    const cases: [string, Record<string, unknown>, number, string][] = [
      ['not a PDF', { pdfBase64: Buffer.from('hello, this is not a pdf').toString('base64') }, 400, 'PDF_MALFORMED'],
      ['broken PDF', { pdfBase64: Buffer.from('%PDF-1.7\n1 0 obj <<').toString('base64') }, 400, 'PDF_MALFORMED'],
      ['encrypted PDF', { pdfBase64: withEncrypt.toString('base64') }, 400, 'PDF_ENCRYPTED'],
      ['unknown counterparty', { counterpartyCompanyId: 'C999999' }, 400, 'RECIPIENT_INVALID'],
      ['unknown recipient', { recipientUserId: 'U999999' }, 400, 'RECIPIENT_INVALID'],
      ['a recipient of another company', { recipientUserId: approver.userId }, 400, 'RECIPIENT_INVALID'],
      [
        'own company as counterparty',
        { counterpartyCompanyId: (await registrant.client.get(`/api/users/${registrant.userId}`)).body.companyId },
        400,
        'COUNTERPARTY_INVALID',
      ],
      ['an approver without the role', { route: { approvers: [signer.userId], signer: signer.userId } }, 400, 'ROUTE_USER_INVALID'],
      ['a signer without the role', { route: { approvers: [], signer: approver.userId } }, 400, 'ROUTE_USER_INVALID'],
      ['a route user of the receiver', { route: { approvers: [], signer: recipient.userId } }, 400, 'ROUTE_USER_INVALID'],
      [
        'a plan pair that may not contract',
        { counterpartyCompanyId: partnerOnlyCompanyId, recipientUserId: partnerOnlyRecipient.userId },
        400,
        'PLAN_PAIR_NOT_ALLOWED',
      ],
      ['no name', { name: ' ' }, 400, 'VALIDATION_FAILED'],
      ['a negative amount', { amount: -1 }, 400, 'VALIDATION_FAILED'],
    ];
    const mailsBefore = env.smtp.messages.length;
    for (const [what, change, status, code] of cases) {
      const reply = await registrant.client.post('/api/contracts', { ...(await valid()), ...change });
      expect({ what, status: reply.status, code: reply.body.error?.code }).toEqual({ what, status, code });
      expect(reply.body.error.message.ja.length).toBeGreaterThan(0);
      expect(reply.body.error.message.en.length).toBeGreaterThan(0);
    }
    // A user without the registrant role.
    const noRole = await approver.client.post('/api/contracts', await valid());
    expect(noRole.body.error.code).toBe('REGISTRANT_ROLE_REQUIRED');

    const stored = await env.database.pool.query(`SELECT count(*)::int AS n FROM contract_workflow.contracts`);
    expect(stored.rows[0].n).toBe(0);
    const audit = await env.database.pool.query(`SELECT count(*)::int AS n FROM contract_ledger.audit_entries`);
    expect(audit.rows[0].n).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(env.smtp.messages.length).toBe(mailsBefore);

    // And the valid one goes through.
    expect((await registrant.client.post('/api/contracts', await valid())).status).toBe(201);
  });
});
