import { ContractStatus } from '@app/contracts';
import { eventually, HttpClient } from '@app/testing';
import { allowedActor, ContractCommand } from '@apps/contract-workflow/src/contracts/contract-transitions';
import { IdentityPlatform } from '../identity/identity-platform';
import { pdfBase64, Person, person, signingPasswordFor } from './workflow-fixture';

const COMMANDS: ContractCommand[] = ['submit', 'approve', 'return', 'reroute', 'receive', 'decline', 'withdraw', 'sign'];

/**
 * Every command, in every status, by everyone involved and by an outsider:
 * only the one the transition table allows to the one whose turn it is
 * applies; everything else is refused and changes nothing.
 */
describe('contract workflow: every forbidden transition and every wrong actor is refused', () => {
  let env: IdentityPlatform;
  let receiverCompanyId: string;
  const people: Record<string, Person> = {};
  let outsider: HttpClient;

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    const sender = await env.company('甲建設株式会社', { plan: 'ONE_SIDE' });
    const receiver = await env.company('乙工務店株式会社', { plan: 'ONE_SIDE' });
    receiverCompanyId = receiver.companyId;
    people.registrant = await person(env, sender.admin, '登録 太郎', ['registrant']);
    people.senderApprover = await person(env, sender.admin, '承認 次郎', ['approver']);
    people.senderSigner = await person(env, sender.admin, '署名 三郎', ['signer']);
    people.recipient = await person(env, receiver.admin, '受取 花子', ['recipient']);
    people.receiverApprover = await person(env, receiver.admin, '承認 四郎', ['approver']);
    people.receiverSigner = await person(env, receiver.admin, '署名 五郎', ['signer']);
    outsider = (await env.company('丙商事株式会社')).admin;
  });

  afterAll(async () => {
    await env?.close();
  });

  const register = async () => {
    const reply = await people.registrant.client.post('/api/contracts', {
      pdfBase64: await pdfBase64(),
      name: '基本契約書',
      counterpartyCompanyId: receiverCompanyId,
      recipientUserId: people.recipient.userId,
      senderSide: 'CONTRACTOR',
      transactionDate: '2026-10-01',
      amount: 1000,
      route: { approvers: [people.senderApprover.userId], signer: people.senderSigner.userId },
    });
    expect(reply.status).toBe(201);
    return reply.body.contractId as string;
  };
  const act = (who: Person, id: string, command: ContractCommand, body: Record<string, unknown> = {}) =>
    who.client.post(`/api/contracts/${id}/${command}`, body);
  const sign = async (who: Person, id: string) => {
    const { documentNumber } = (await who.client.get(`/api/contracts/${id}`)).body;
    const password = await signingPasswordFor(env, who, documentNumber);
    return act(who, id, 'sign', { serialNumber: who.serialNumber, signingPassword: password });
  };
  const receiverRoute = () => ({ route: { approvers: [people.receiverApprover.userId], signer: people.receiverSigner.userId } });

  /** Brings a fresh contract to `status` the legitimate way. */
  const reach = async (status: ContractStatus): Promise<string> => {
    const id = await register();
    type Step = [Person, ContractCommand, Record<string, unknown>?];
    const plan: Record<ContractStatus, Step[]> = {
      DRAFT: [],
      SENDER_APPROVAL: [[people.registrant, 'submit']],
      SENDER_SIGNATURE: [
        [people.registrant, 'submit'],
        [people.senderApprover, 'approve'],
      ],
      AWAITING_RECEIPT: [
        [people.registrant, 'submit'],
        [people.senderApprover, 'approve'],
        [people.senderSigner, 'sign'],
      ],
      RECEIVER_APPROVAL: [
        [people.registrant, 'submit'],
        [people.senderApprover, 'approve'],
        [people.senderSigner, 'sign'],
        [people.recipient, 'receive', receiverRoute()],
      ],
      RECEIVER_SIGNATURE: [
        [people.registrant, 'submit'],
        [people.senderApprover, 'approve'],
        [people.senderSigner, 'sign'],
        [people.recipient, 'receive', receiverRoute()],
        [people.receiverApprover, 'approve'],
      ],
      CONCLUDED: [
        [people.registrant, 'submit'],
        [people.senderApprover, 'approve'],
        [people.senderSigner, 'sign'],
        [people.recipient, 'receive', receiverRoute()],
        [people.receiverApprover, 'approve'],
        [people.receiverSigner, 'sign'],
      ],
      RETURNED: [
        [people.registrant, 'submit'],
        [people.senderApprover, 'return', { comment: '金額を確認してください' }],
      ],
      DECLINED: [
        [people.registrant, 'submit'],
        [people.senderApprover, 'approve'],
        [people.senderSigner, 'sign'],
        [people.recipient, 'decline'],
      ],
      WITHDRAWN: [[people.registrant, 'withdraw']],
    };
    for (const [who, command, body] of plan[status]) {
      const reply = command === 'sign' ? await sign(who, id) : await act(who, id, command, body);
      expect({ step: command, status: reply.status }).toEqual({ step: command, status: 200 });
    }
    return id;
  };

  const ALL: ContractStatus[] = [
    'DRAFT',
    'SENDER_APPROVAL',
    'SENDER_SIGNATURE',
    'AWAITING_RECEIPT',
    'RECEIVER_APPROVAL',
    'RECEIVER_SIGNATURE',
    'CONCLUDED',
    'RETURNED',
    'DECLINED',
    'WITHDRAWN',
  ];

  it.each(ALL)('in %s, refuses every command that is not allowed or not the actor’s turn, changing nothing', async (status) => {
    const id = await reach(status);
    const before = await people.registrant.client.get(`/api/contracts/${id}`);
    expect(before.body.status).toBe(status);
    const body = { ...receiverRoute(), comment: 'x', serialNumber: 'AB', signingPassword: 'wrong' };
    for (const command of COMMANDS) {
      const allowed = allowedActor(status, command);
      for (const [name, who] of Object.entries(people)) {
        const turn = before.body.currentActorUserId === who.userId;
        const mayAct =
          allowed !== undefined &&
          ((allowed === 'REGISTRANT' && name === 'registrant') ||
            (allowed === 'RECIPIENT' && name === 'recipient') ||
            ((allowed === 'CURRENT_STEP' || allowed === 'RETURN_OWNER') && turn));
        if (mayAct) {
          continue; // the one legitimate move is exercised by reach() and the other tests
        }
        const reply = await act(who, id, command, body);
        const seesIt =
          name.startsWith('receiver') || name === 'recipient'
            ? before.body.status !== 'DRAFT' && Boolean(await visibleToReceiver(who, id))
            : true;
        const expected = !seesIt ? 404 : allowed === undefined ? 409 : 403;
        expect({ status, command, name, reply: reply.status }).toEqual({ status, command, name, reply: expected });
      }
      expect((await outsider.post(`/api/contracts/${id}/${command}`, body)).status).toBe(404);
    }
    const after = await people.registrant.client.get(`/api/contracts/${id}`);
    expect(after.body).toEqual(before.body);
  });

  const visibleToReceiver = async (who: Person, id: string) => (await who.client.get(`/api/contracts/${id}`)).status === 200;

  it('hides a contract from the receiver until the sender signed it, and from every other company always', async () => {
    const id = await reach('SENDER_SIGNATURE');
    expect((await people.recipient.client.get(`/api/contracts/${id}`)).status).toBe(404);
    expect(
      (await people.recipient.client.get('/api/contracts?scope=COMPANY')).body.items.map((c: { contractId: string }) => c.contractId),
    ).not.toContain(id);
    expect((await outsider.get(`/api/contracts/${id}`)).status).toBe(404);
    expect((await outsider.get(`/api/contracts/${id}/pdf`)).status).toBe(404);
  });

  it('re-routes after 差戻し, lets the recipient decline, and concludes on receipt when only the sender signs', async () => {
    const returned = await reach('RETURNED');
    const view = await people.registrant.client.get(`/api/contracts/${returned}`);
    expect(view.body).toMatchObject({ statusLabel: '差戻し', currentActorUserId: people.registrant.userId });
    const rerouted = await act(people.registrant, returned, 'reroute', { route: { approvers: [], signer: people.senderSigner.userId } });
    expect(rerouted.body.status).toBe('SENDER_SIGNATURE');

    const declined = await reach('DECLINED');
    expect((await people.registrant.client.get(`/api/contracts/${declined}`)).body.statusLabel).toBe('受取拒否');

    const senderOnly = await people.registrant.client.post('/api/contracts', {
      pdfBase64: await pdfBase64(),
      name: '注文書（発信者のみ署名）',
      counterpartyCompanyId: receiverCompanyId,
      recipientUserId: people.recipient.userId,
      senderSide: 'ORDERER',
      signatureMode: 'SENDER_ONLY',
      transactionDate: '2026-10-02',
      amount: 5000,
      route: { approvers: [], signer: people.senderSigner.userId },
    });
    const id: string = senderOnly.body.contractId;
    expect((await act(people.registrant, id, 'submit')).body.status).toBe('SENDER_SIGNATURE');
    expect((await sign(people.senderSigner, id)).body.status).toBe('AWAITING_RECEIPT');
    const receipt = await act(people.recipient, id, 'receive', { route: { approvers: [], signer: people.receiverSigner.userId } });
    expect(receipt.body).toMatchObject({ status: 'CONCLUDED', signatureMode: 'SENDER_ONLY' });
  });

  it('gives the signer whose turn it is a new signing password on request, voiding the old one', async () => {
    const id = await reach('SENDER_SIGNATURE');
    const { documentNumber } = (await people.registrant.client.get(`/api/contracts/${id}`)).body;
    const old = await signingPasswordFor(env, people.senderSigner, documentNumber);
    expect((await people.registrant.client.post(`/api/contracts/${id}/signing-password`)).body.error.code).toBe('NOT_YOUR_TURN');
    const mark = env.smtp.messages.length;
    expect((await people.senderSigner.client.post(`/api/contracts/${id}/signing-password`)).status).toBe(200);
    // Only a password mailed after the request: the first turn's mails may still be arriving.
    const fresh = await signingPasswordFor(env, people.senderSigner, documentNumber, mark);
    expect(fresh).not.toBe(old);
    const withOld = await act(people.senderSigner, id, 'sign', { serialNumber: people.senderSigner.serialNumber, signingPassword: old });
    expect(withOld.body.error.code).toBe('SIGNING_PASSWORD_WRONG');
    const signed = await act(people.senderSigner, id, 'sign', { serialNumber: people.senderSigner.serialNumber, signingPassword: fresh });
    expect(signed.body.status).toBe('AWAITING_RECEIPT');
  });

  it('limits re-issues per hour (429 saying when to retry, no mail), and a re-issue keeps the count of wrong entries (D11)', async () => {
    const limit = env.config.SIGNING_PASSWORD_REISSUES_PER_HOUR;
    const id = await reach('SENDER_SIGNATURE');
    const signer = people.senderSigner;
    const { documentNumber } = (await signer.client.get(`/api/contracts/${id}`)).body;
    await signingPasswordFor(env, signer, documentNumber);
    const wrong = () => act(signer, id, 'sign', { serialNumber: signer.serialNumber, signingPassword: 'Wrong-entry-1' });
    const reissue = () => signer.client.post(`/api/contracts/${id}/signing-password`);
    expect((await wrong()).body.error.code).toBe('SIGNING_PASSWORD_WRONG');
    expect((await wrong()).body.error.code).toBe('SIGNING_PASSWORD_WRONG');
    expect((await reissue()).status).toBe(200);
    // Two wrong entries carried over: three more void the new password, not five.
    const codes = [(await wrong()).body.error.code, (await wrong()).body.error.code, (await wrong()).body.error.code];
    expect(codes).toEqual(['SIGNING_PASSWORD_WRONG', 'SIGNING_PASSWORD_WRONG', 'SIGNING_PASSWORD_VOIDED']);
    for (let reissued = 1; reissued < limit; reissued += 1) {
      expect((await reissue()).status).toBe(200);
    }
    const refused = await reissue();
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({
      code: 'SIGNING_PASSWORD_REISSUE_LIMIT',
      message: {
        ja: expect.stringMatching(new RegExp(`1時間に${limit}回.*以降に再発行できます`)),
        en: expect.stringMatching(/possible again from \d{4}-/),
      },
    });
    const retryAt = Date.parse(/possible again from (\S+?)\)/.exec(refused.body.error.message.en)![1]);
    expect(retryAt).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 60 * 60_000);
    // Nothing was issued (so nothing mailed) for the refusal, and the last password issued still signs.
    const issued = await env.database.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM signing.signing_passwords WHERE $1 = ANY(document_numbers)`,
      [documentNumber],
    );
    expect(issued.rows[0].n).toBe(limit + 1);
    const mailed = (m: { subject: string; text: string; envelope: { to: string[] } }) =>
      m.envelope.to.includes(signer.email) && m.subject.includes('署名用パスワード') && m.text.includes(documentNumber);
    await eventually(async () => env.smtp.messages.filter(mailed).length === limit + 1);
    // Mails may arrive out of order: the newest password is one of them (the older ones are void, each a wrong entry).
    const statuses: string[] = [];
    for (const mail of env.smtp.messages.filter(mailed).reverse()) {
      const signingPassword = /署名用パスワード: (\S+)/.exec(mail.text)![1];
      const reply = await act(signer, id, 'sign', { serialNumber: signer.serialNumber, signingPassword });
      statuses.push(reply.body.status ?? reply.body.error.code);
      if (reply.status === 200) {
        break;
      }
    }
    expect(statuses.at(-1)).toBe('AWAITING_RECEIPT');
  });
});
