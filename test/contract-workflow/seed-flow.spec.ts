import { HttpClient } from '@app/testing';
import { nssDatabaseTrusting, runTool, tempDir } from '@apps/signing/test/signing-fixtures';
import { IdentityPlatform } from '../identity/identity-platform';
import { pdfBase64, Person, person, signingPasswordOf } from './workflow-fixture';

/**
 * 契約締結の流れ over HTTP: sender registrant → approver → signer → receiver
 * recipient (受取確認, route) → approver → signer → 締結済, both companies
 * mailed; the concluded PDF carries both signatures, valid and trusted.
 */
describe('contract workflow: the seed flow between two companies', () => {
  let env: IdentityPlatform;
  const tmp = tempDir();
  let senderAdmin: HttpClient;
  let receiverAdmin: HttpClient;
  let receiverCompanyId: string;
  let registrant: Person;
  let senderApprover: Person;
  let senderSigner: Person;
  let recipient: Person;
  let receiverApprover: Person;
  let receiverSigner: Person;

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    ({ admin: senderAdmin } = await env.company('発注建設株式会社', { plan: 'ONE_SIDE' }));
    ({ admin: receiverAdmin, companyId: receiverCompanyId } = await env.company('株式会社受注工務店', {
      plan: 'PARTNER_ONLY',
      options: ['BULK_SIGN'],
    }));
    registrant = await person(env, senderAdmin, '山田 太郎', ['registrant']);
    senderApprover = await person(env, senderAdmin, '鈴木 次郎', ['approver']);
    senderSigner = await person(env, senderAdmin, '田中 社長', ['signer']);
    recipient = await person(env, receiverAdmin, '佐藤 二郎', ['recipient']);
    receiverApprover = await person(env, receiverAdmin, '高橋 三郎', ['approver']);
    receiverSigner = await person(env, receiverAdmin, '伊藤 社長', ['signer']);
  });

  afterAll(async () => {
    await env?.close();
    tmp.remove();
  });

  it('concludes a contract with approvers on both sides, mails every turn, and both signatures are valid and trusted', async () => {
    const registered = await registrant.client.post('/api/contracts', {
      pdfBase64: await pdfBase64(2),
      name: '工事請負契約書（第1期）',
      counterpartyCompanyId: receiverCompanyId,
      recipientUserId: recipient.userId,
      senderSide: 'ORDERER',
      transactionDate: '2026-11-20',
      amount: 12_500_000,
      route: { approvers: [senderApprover.userId], signer: senderSigner.userId },
    });
    expect(registered.status).toBe(201);
    const contract = registered.body;
    expect(contract).toMatchObject({
      status: 'DRAFT',
      statusLabel: '登録中',
      counterparty: { companyName: '株式会社受注工務店', side: 'CONTRACTOR', sideLabel: '受注側' },
    });
    expect(contract.documentNumber).toMatch(/^\d{10}$/);
    const id: string = contract.contractId;
    const mailTo = (who: Person, subject: string, after: number) =>
      env.smtp.waitFor((m) => m.envelope.to.includes(who.email) && m.subject.includes(subject) && env.smtp.messages.indexOf(m) >= after);

    let mark = env.smtp.messages.length;
    expect((await registrant.client.post(`/api/contracts/${id}/submit`)).body.status).toBe('SENDER_APPROVAL');
    await mailTo(senderApprover, '承認', mark);

    mark = env.smtp.messages.length;
    expect((await senderApprover.client.post(`/api/contracts/${id}/approve`, { comment: '確認しました' })).body.status).toBe(
      'SENDER_SIGNATURE',
    );
    const senderPassword = await signingPasswordOf(env, senderSigner, mark);
    await mailTo(senderSigner, '署名', mark);

    mark = env.smtp.messages.length;
    const sent = await senderSigner.client.post(`/api/contracts/${id}/sign`, {
      serialNumber: senderSigner.serialNumber,
      signingPassword: senderPassword,
    });
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('AWAITING_RECEIPT');
    expect(sent.body.currentSha256).not.toBe(contract.originalSha256);
    await mailTo(recipient, '受取', mark);

    // The receiver sees it in its my list, with the sender as counterparty (発注側).
    const myList = await recipient.client.get('/api/contracts?status=AWAITING_RECEIPT');
    expect(myList.body).toMatchObject({ total: 1, from: 1, to: 1 });
    expect(myList.body.items[0]).toMatchObject({
      contractId: id,
      statusLabel: '受領側受取待ち',
      counterparty: { companyName: '発注建設株式会社', sideLabel: '発注側' },
    });

    mark = env.smtp.messages.length;
    const received = await recipient.client.post(`/api/contracts/${id}/receive`, {
      route: { approvers: [receiverApprover.userId], signer: receiverSigner.userId },
    });
    expect(received.body.status).toBe('RECEIVER_APPROVAL');
    await mailTo(receiverApprover, '承認', mark);

    mark = env.smtp.messages.length;
    expect((await receiverApprover.client.post(`/api/contracts/${id}/approve`)).body.status).toBe('RECEIVER_SIGNATURE');
    const receiverPassword = await signingPasswordOf(env, receiverSigner, mark);

    mark = env.smtp.messages.length;
    const concluded = await receiverSigner.client.post(`/api/contracts/${id}/sign`, {
      serialNumber: receiverSigner.serialNumber,
      signingPassword: receiverPassword,
    });
    expect(concluded.body).toMatchObject({ status: 'CONCLUDED', statusLabel: '締結済', currentActorUserId: null });
    await mailTo(registrant, '締結', mark);
    await mailTo(recipient, '締結', mark);

    // The concluded PDF: two signatures, each valid and trusted with our root.
    const pdf = await fetch(`${env.baseUrl}/api/contracts/${id}/pdf`, { headers: { cookie: registrant.client.cookie as string } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    const root = await env.client().get('/api/signing/ca/root-ca.pem');
    const pdfsig = runTool('pdfsig', ['-nssdir', nssDatabaseTrusting(tmp.dir, root.body as string), tmp.file('concluded.pdf', bytes)]);
    expect(pdfsig.output.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    expect(pdfsig.output.match(/Certificate Validation: Certificate is Trusted\./g)).toHaveLength(2);
    expect(runTool('qpdf', ['--check', tmp.file('concluded.pdf')]).status).toBe(0);

    // The route as it was walked, on both sides.
    const final = await registrant.client.get(`/api/contracts/${id}`);
    expect(
      final.body.route.map((step: { side: string; role: string; action: string }) => `${step.side}:${step.role}:${step.action}`),
    ).toEqual(['RECEIVER:APPROVER:approve', 'RECEIVER:SIGNER:sign', 'SENDER:APPROVER:approve', 'SENDER:SIGNER:sign']);
  });
});
