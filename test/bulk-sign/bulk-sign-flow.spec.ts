import http from 'node:http';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { sha256Hex } from '@app/blob-store';
import { deleteRedisKeys } from '@app/testing';
import { signatureRequestId } from '@apps/signing/src/bulk-sign/bulk-sign-documents';
import { nssDatabaseTrusting, runTool, tempDir } from '@apps/signing/test/signing-fixtures';
import { IdentityPlatform } from '../identity/identity-platform';
import { pdfBase64, person, Person } from '../contract-workflow/workflow-fixture';
import {
  awaitingReceipt,
  BULK_TEST_SETTINGS,
  BulkParties,
  bulkParties,
  bulkSigningPassword,
  completed,
  WorkerProcess,
} from './bulk-fixture';

/**
 * 一括署名（受取） as the seed manual walks it, against the real services and
 * a real signing-worker process: 選択 (search, select all), 対象選択 (one
 * signing password by mail), 一括署名（受取） with certificate and password →
 * every document received, routed to the bulk user, signed and concluded.
 */
describe('bulk signing: the seed flow', () => {
  let env: IdentityPlatform;
  let worker: WorkerProcess;
  let parties: BulkParties;
  let hooks: http.Server | undefined;
  const received: { type: string; data: { contractId: string } }[] = [];
  const tmp = tempDir();

  beforeAll(async () => {
    env = await IdentityPlatform.start({ ...BULK_TEST_SETTINGS, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_POLL_MS: '100' });
    worker = await WorkerProcess.start(env.config);
    parties = await bulkParties(env);
    hooks = await new Promise<http.Server>((resolve) => {
      const server = http.createServer((request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          received.push(JSON.parse(body) as { type: string; data: { contractId: string } });
          response.writeHead(204).end();
        });
      });
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
  });

  afterAll(async () => {
    hooks?.close();
    await worker?.kill();
    await env?.close();
    if (env) {
      await deleteRedisKeys(env.config);
    }
    tmp.remove();
  });

  const count = async (query: string): Promise<number> => {
    const result = await env.database.db.execute(sql.raw(query));
    return Number((result.rows[0] as { n: string }).n);
  };

  it('signs every selected document once, concludes them with two valid signatures, and mails a summary', async () => {
    const { bulkUser, sender } = parties;
    // The receiver company's webhook: each bulk-signed document is received, signed and concluded.
    const { port } = hooks!.address() as AddressInfo;
    const subscribed = await parties.receiverAdmin.post('/api/webhooks', {
      url: `http://127.0.0.1:${port}/hooks`,
      eventTypes: ['contract.received', 'contract.signed', 'contract.concluded'],
    });
    expect(subscribed.status).toBe(201);
    const documents = await awaitingReceipt(env, parties, bulkUser, 5);

    const found = await bulkUser.client.get('/api/bulk-sign/candidates');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ total: 5, limit: 200, truncated: false });
    expect(found.body.items.map((item: { documentNumber: string }) => item.documentNumber)).toEqual(
      documents.map((document) => document.documentNumber),
    );
    expect(found.body.items[0]).toMatchObject({
      statusLabel: '受領側受取待ち',
      signatureMode: 'BOTH',
      counterparty: { companyName: '発注建設株式会社', sideLabel: '発注側' },
    });
    const byName = await bulkUser.client.get(`/api/bulk-sign/candidates?name=${encodeURIComponent('契約 3')}&counterpartySide=ORDERER`);
    expect(byName.body.items.map((item: { documentNumber: string }) => item.documentNumber)).toEqual([documents[2].documentNumber]);

    // 全選択 → 対象選択: a session of exactly those documents and one password by mail.
    const mark = env.smtp.messages.length;
    const selected = await bulkUser.client.post('/api/bulk-sign/sessions', { contractIds: documents.map((d) => d.contractId) });
    expect(selected.status).toBe(201);
    expect(selected.body).toMatchObject({ status: 'SELECTED', total: 5, done: 0, failed: 0, pending: 5 });
    // The session lists its documents with the selection screen's columns (署名有無, 更新日), for a reloaded screen.
    expect(selected.body.items[0]).toMatchObject({
      documentNumber: documents[0].documentNumber,
      signatureMode: 'BOTH',
      counterpartySideLabel: '発注側',
      updatedAt: found.body.items[0].updatedAt,
    });
    const sessionId: string = selected.body.sessionId;
    const password = await bulkSigningPassword(
      env,
      bulkUser,
      documents.map((d) => d.documentNumber),
      mark,
    );
    expect(JSON.stringify(selected.body)).not.toContain(password);

    // 一括署名（受取）: accepted at once.
    const executed = await bulkUser.client.post(`/api/bulk-sign/sessions/${sessionId}/execute`, {
      serialNumber: bulkUser.serialNumber,
      signingPassword: password,
    });
    expect(executed.status).toBe(202);
    expect(['RUNNING', 'COMPLETED']).toContain(executed.body.status);

    // The progress stream ends with the whole session once it completes.
    const stream = await fetch(`${env.baseUrl}/api/bulk-sign/sessions/${sessionId}/events`, {
      headers: { cookie: bulkUser.client.cookie as string },
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const events = await stream.text();
    expect(events).toContain('event: progress');
    const last = /event: completed\n(?:id: \d+\n)?data: (.+)\n/.exec(events)?.[1];
    const session = JSON.parse(last as string);
    expect(session).toMatchObject({ status: 'COMPLETED', statusLabel: '完了', total: 5, done: 5, failed: 0, pending: 0 });
    expect(session.items.every((item: { state: string }) => item.state === 'CONCLUDED')).toBe(true);
    // The stream applies events, it does not poll: each progress event after the first names only documents that finished.
    const progress = [...events.matchAll(/event: progress\n(?:id: \d+\n)?data: (.+)\n/g)].map((match) => JSON.parse(match[1]));
    expect(progress[0].items).toHaveLength(5);
    expect(progress.slice(1).every((event: { items: { state: string }[] }) => event.items.every((item) => item.state !== 'PENDING'))).toBe(
      true,
    );
    // Only the session's owner may follow it: anyone else is refused with an error, before any stream starts.
    const foreign = await fetch(`${env.baseUrl}/api/bulk-sign/sessions/${sessionId}/events`, {
      headers: { cookie: sender.client.cookie as string },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toContain('application/json');
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');

    // Every document: 締結済, the receiver route is the bulk user, two valid and trusted signatures.
    const root = (await env.client().get('/api/signing/ca/root-ca.pem')).body as string;
    const nss = nssDatabaseTrusting(tmp.dir, root);
    for (const document of documents) {
      const contract = await bulkUser.client.get(`/api/contracts/${document.contractId}`);
      expect(contract.body).toMatchObject({ status: 'CONCLUDED', statusLabel: '締結済', currentActorUserId: null });
      expect(contract.body.route.filter((step: { side: string }) => step.side === 'RECEIVER')).toEqual([
        expect.objectContaining({ role: 'SIGNER', userId: bulkUser.userId, action: 'sign' }),
      ]);
      const pdf = await fetch(`${env.baseUrl}/api/contracts/${document.contractId}/pdf`, {
        headers: { cookie: sender.client.cookie as string },
      });
      const bytes = Buffer.from(await pdf.arrayBuffer());
      // Its own signed document, the one its signature record names (not another document of the batch).
      const records = await env.database.db.execute(
        sql`SELECT c.current_sha256 AS contract, d.signed_sha256 AS document, s.signed_sha256 AS signature
            FROM contract_workflow.contracts c
            JOIN signing.bulk_documents d ON d.contract_id = c.id AND d.session_id = ${sessionId}
            JOIN signing.signatures s ON s.request_id = ${signatureRequestId(sessionId, document.contractId)}
            WHERE c.id = ${document.contractId}`,
      );
      const own = sha256Hex(bytes);
      expect(records.rows).toEqual([{ contract: own, document: own, signature: own }]);
      const file = tmp.file(`bulk-${document.documentNumber}.pdf`, bytes);
      const pdfsig = runTool('pdfsig', ['-nssdir', nss, file]);
      expect(pdfsig.output.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
      expect(pdfsig.output.match(/Certificate Validation: Certificate is Trusted\./g)).toHaveLength(2);
      // The receiver's is the last signature: PAdES B-LTA (a document time stamp after it), the archive record kept.
      expect(pdfsig.output).toContain('Signature Field Name: inkan archive timestamp 1');
      expect(runTool('qpdf', ['--check', file]).status).toBe(0);
      const archived = (await bulkUser.client.get(`/api/archive/${document.contractId}`)).body;
      expect(archived.longTerm).toMatchObject({ level: 'B-LTA', generation: 0 });
      const validation = (await bulkUser.client.get(`/api/archive/${document.contractId}/validation-report`)).body;
      expect(validation.report).toMatchObject({
        allValid: true,
        signatureCount: 2,
        documentTimestampCount: 1,
        longTerm: { level: 'B-LTA' },
      });

      const audit = await bulkUser.client.get(`/api/contracts/${document.contractId}/audit`);
      const actions = (audit.body.entries as { action: string; actor: { userId?: string } }[]).map((entry) => entry.action);
      expect(actions.slice(-2)).toEqual(['RECEIVE', 'SIGN']);
      expect((await bulkUser.client.get(`/api/contracts/${document.contractId}/audit/verify`)).body).toMatchObject({ valid: true });
    }

    // The summary mail to the bulk user, and to the sender's registrant one 締結完了 mail listing all five contracts.
    await env.smtp.waitFor((m) => m.envelope.to.includes(bulkUser.email) && m.subject.includes('一括署名 完了のお知らせ'));
    const concludedMail = await env.smtp.waitFor(
      (m) => m.envelope.to.includes(sender.email) && m.subject === '【inkanサービス】契約締結完了のお知らせ（5件）',
    );
    for (const document of documents) {
      expect(concludedMail.text).toContain(`${document.documentNumber}：${document.name}`);
    }
    expect(
      await count(`SELECT count(*) AS n FROM contract_workflow.outbox WHERE event = 'notification.requested'
        AND payload->>'template' IN ('concluded', 'bulk-sign-concluded') AND payload->'to'->>'email' = '${sender.email}'`),
    ).toBe(1);
    const ids = documents.map((d) => `'${d.contractId}'`).join(',');
    expect(await count(`SELECT count(*) AS n FROM contract_ledger.billing_charges WHERE contract_id IN (${ids})`)).toBe(5);

    // Executing again is a no-op: the same progress, not one signature more.
    const again = await bulkUser.client.post(`/api/bulk-sign/sessions/${sessionId}/execute`, {
      serialNumber: bulkUser.serialNumber,
      signingPassword: password,
    });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ status: 'COMPLETED', done: 5 });
    expect(await count(`SELECT count(*) AS n FROM signing.signatures WHERE request_id LIKE 'bulk-${sessionId}-%'`)).toBe(5);

    // The webhook got every document's receipt and conclusion once, besides the sender's signature that sent it.
    const concludedHooks = () => received.filter((event) => event.type === 'contract.concluded').length;
    const deadline = Date.now() + 30_000;
    while (concludedHooks() < documents.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const document of documents) {
      const types = received.filter((event) => event.data.contractId === document.contractId).map((event) => event.type);
      expect(types.filter((type) => type === 'contract.received')).toHaveLength(1);
      expect(types.filter((type) => type === 'contract.concluded')).toHaveLength(1);
      expect(types.filter((type) => type === 'contract.signed')).toHaveLength(2);
      const concluded = received.find((event) => event.type === 'contract.concluded' && event.data.contractId === document.contractId);
      expect(concluded?.data).toEqual({
        contractId: document.contractId,
        documentNumber: document.documentNumber,
        status: 'CONCLUDED',
        senderCompanyId: expect.stringMatching(/^C\d+$/),
        receiverCompanyId: expect.stringMatching(/^C\d+$/),
        occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        actorUserId: bulkUser.userId,
      });
    }

    // They left the selection: nothing is waiting any more.
    expect((await bulkUser.client.get('/api/bulk-sign/candidates')).body).toMatchObject({ total: 0, items: [] });
  });

  it('tells each registrant of a session once, in their language, listing only their own contracts', async () => {
    const { bulkUser, sender, senderAdmin } = parties;
    // A second registrant at the sender, who reads English (from now: the fixture reads Japanese signing-password mails).
    const colleague = await person(env, senderAdmin, 'Ken Ito', ['registrant', 'signer']);
    const mine = await awaitingReceipt(env, parties, bulkUser, 2, '山田の契約');
    const theirs = await awaitingReceipt(env, { ...parties, sender: colleague }, bulkUser, 3, 'Ito contract');
    expect((await senderAdmin.patch(`/api/users/${colleague.userId}`, { language: 'en' })).status).toBe(200);
    const mark = env.smtp.messages.length;
    const chosen = [mine[0], theirs[0], mine[1], theirs[1], theirs[2]];
    const selected = await bulkUser.client.post('/api/bulk-sign/sessions', { contractIds: chosen.map((d) => d.contractId) });
    expect(selected.status).toBe(201);
    const password = await bulkSigningPassword(
      env,
      bulkUser,
      chosen.map((d) => d.documentNumber),
      mark,
    );
    const executed = await bulkUser.client.post(`/api/bulk-sign/sessions/${selected.body.sessionId}/execute`, {
      serialNumber: bulkUser.serialNumber,
      signingPassword: password,
    });
    expect(executed.status).toBe(202);
    await completed(bulkUser.client, selected.body.sessionId);

    const toSender = await env.smtp.waitFor(
      (m) => m.envelope.to.includes(sender.email) && m.subject === '【inkanサービス】契約締結完了のお知らせ（2件）',
    );
    const toColleague = await env.smtp.waitFor(
      (m) => m.envelope.to.includes(colleague.email) && m.subject === '[inkan] 3 contracts have been concluded',
    );
    for (const document of mine) {
      expect(toSender.text).toContain(`${document.documentNumber}：${document.name}`);
      expect(toColleague.text).not.toContain(document.documentNumber);
    }
    for (const document of theirs) {
      expect(toColleague.text).toContain(`${document.documentNumber}: ${document.name}`);
      expect(toSender.text).not.toContain(document.documentNumber);
    }
    // In the order they were chosen.
    expect(toColleague.text.indexOf(theirs[0].documentNumber)).toBeLessThan(toColleague.text.indexOf(theirs[2].documentNumber));
    // One mail each for the session, nothing per contract.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const numbers = chosen.map((d) => d.documentNumber);
    const conclusions = env.smtp.messages
      .slice(mark)
      .filter((m) => /締結完了|concluded/.test(m.subject) && numbers.some((n) => m.text.includes(n)));
    expect(conclusions.map((m) => m.envelope.to[0]).sort()).toEqual([colleague.email, sender.email].sort());
  });

  it('finds only my documents waiting for receipt, at most 200, and says when there are more', async () => {
    const { bulkUser, receiverAdmin } = parties;
    const other = await person(env, receiverAdmin, '高橋 三郎', ['recipient']);
    const [mine] = await awaitingReceipt(env, parties, bulkUser, 1, '単価契約');
    const [theirs] = await awaitingReceipt(env, parties, other, 1, '単価契約');
    // A contract of mine that was not sent yet (登録中) is not in the receiver's reach at all.
    const draft = await parties.sender.client.post('/api/contracts', {
      pdfBase64: await pdfBase64(),
      name: '単価契約 下書き',
      counterpartyCompanyId: parties.receiverCompanyId,
      recipientUserId: bulkUser.userId,
      senderSide: 'ORDERER',
      transactionDate: '2026-11-20',
      amount: 1,
      route: { approvers: [], signer: parties.sender.userId },
    });
    expect(draft.status).toBe(201);
    const found = await bulkUser.client.get(`/api/bulk-sign/candidates?name=${encodeURIComponent('単価契約')}`);
    expect(found.body.items.map((item: { contractId: string }) => item.contractId)).toEqual([mine.contractId]);

    // 更新日 is a day in Japan: 2026-11-20T15:30Z is 2026-11-21 00:30 JST, on the 21st and not on the 20th.
    await env.database.db.execute(
      sql`UPDATE contract_workflow.contracts SET updated_at = '2026-11-20T15:30:00Z' WHERE id = ${mine.contractId}`,
    );
    const named = `name=${encodeURIComponent('単価契約')}`;
    const onDays = async (path: string, from: string, to: string) =>
      (await bulkUser.client.get(`${path}${named}&updatedFrom=${from}&updatedTo=${to}`)).body.items.map(
        (item: { contractId: string }) => item.contractId,
      );
    for (const path of ['/api/bulk-sign/candidates?', '/api/contracts?scope=MY_LIST&']) {
      expect(await onDays(path, '2026-11-21', '2026-11-21')).toEqual([mine.contractId]);
      expect(await onDays(path, '2026-11-20', '2026-11-20')).toEqual([]);
      expect(await onDays(path, '2026-11-22', '2026-11-30')).toEqual([]);
    }

    // Neither another recipient's nor an unsent document can be selected; nothing is created, nothing mailed.
    const mark = env.smtp.messages.length;
    for (const contractId of [theirs.contractId, draft.body.contractId, randomUUID()]) {
      const refused = await bulkUser.client.post('/api/bulk-sign/sessions', { contractIds: [mine.contractId, contractId] });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('BULK_SIGN_NOT_SELECTABLE');
      expect(refused.body.error.message.ja).toContain('受領側受取待ち');
    }
    expect(await count(`SELECT count(*) AS n FROM contract_bulk.items WHERE contract_id = '${mine.contractId}'`)).toBe(0);

    // 201 documents are refused before anything else.
    const tooMany = await bulkUser.client.post('/api/bulk-sign/sessions', {
      contractIds: Array.from({ length: 201 }, () => randomUUID()),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toMatchObject({ code: 'BULK_SIGN_TOO_MANY', message: { ja: expect.stringContaining('200件') } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(env.smtp.messages.slice(mark).filter((m) => m.envelope.to.includes(bulkUser.email))).toHaveLength(0);

    // 203 waiting (copies of mine): 200 shown, oldest first, and the reply says there are more.
    await env.database.db.execute(sql`
      INSERT INTO contract_workflow.contracts (name, signature_mode, status, sender_company_id, sender_company_name, sender_plan,
        sender_side, registrant_user_id, receiver_company_id, receiver_company_name, receiver_plan, recipient_user_id,
        transaction_date, amount, original_sha256, current_sha256, current_actor_user_id, sent_at)
      SELECT name || ' 写し' || n, signature_mode, status, sender_company_id, sender_company_name, sender_plan, sender_side,
        registrant_user_id, receiver_company_id, receiver_company_name, receiver_plan, recipient_user_id, transaction_date,
        amount, original_sha256, current_sha256, current_actor_user_id, sent_at
      FROM contract_workflow.contracts, generate_series(1, 202) AS n WHERE id = ${mine.contractId}`);
    const many = await bulkUser.client.get(`/api/bulk-sign/candidates?name=${encodeURIComponent('単価契約')}`);
    expect(many.body).toMatchObject({ total: 203, limit: 200, truncated: true });
    expect(many.body.items).toHaveLength(200);
    expect(many.body.items[0].contractId).toBe(mine.contractId);
    await env.database.db.execute(
      sql`UPDATE contract_workflow.contracts SET status = 'WITHDRAWN', current_actor_user_id = NULL WHERE name LIKE '%写し%'`,
    );
  });

  it('refuses each precondition with its own message', async () => {
    const { receiverAdmin } = parties;
    const expectRefused = async (who: Person, code: string) => {
      const candidates = await who.client.get('/api/bulk-sign/candidates');
      expect(candidates.status).toBe(403);
      expect(candidates.body.error.code).toBe(code);
      expect(candidates.body.error.message.ja).toBeTruthy();
      expect(candidates.body.error.message.en).toBeTruthy();
    };
    // A company without the option.
    const { admin: noOptionAdmin } = await env.company('株式会社オプションなし', { plan: 'PARTNER_ONLY', options: [] });
    await expectRefused(await person(env, noOptionAdmin, '伊藤 一郎', ['recipient', 'signer']), 'BULK_SIGN_OPTION_REQUIRED');
    // Not both recipient and signer.
    await expectRefused(await person(env, receiverAdmin, '渡辺 四郎', ['recipient']), 'BULK_SIGN_ROLES_REQUIRED');
    // Both roles, but the user ID was not enabled for bulk signing.
    await expectRefused(await person(env, receiverAdmin, '中村 五郎', ['recipient', 'signer']), 'BULK_SIGN_USER_NOT_ENABLED');

    // Enabled, but no activated certificate: 対象選択 refuses.
    const email = `bulk-nocert-${Date.now()}@example.jp`;
    const registered = await receiverAdmin.post('/api/users', { name: '小林 六郎', email, roles: ['recipient', 'signer'], bulkSign: true });
    expect(registered.status).toBe(201);
    const { admin: client } = await env.firstLogin(registered.body.userId, email);
    const noCertificate: Person = { userId: registered.body.userId, email, client, password: '' };
    const [document] = await awaitingReceipt(env, parties, noCertificate, 1, '証明書なし');
    const refused = await client.post('/api/bulk-sign/sessions', { contractIds: [document.contractId] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('BULK_SIGN_CERTIFICATE_REQUIRED');
  });

  it('refuses and counts a wrong signing password, leaves the session as selected, and never accepts a password twice', async () => {
    const { bulkUser } = parties;
    const documents = await awaitingReceipt(env, parties, bulkUser, 2, '覚書');
    let mark = env.smtp.messages.length;
    const first = await bulkUser.client.post('/api/bulk-sign/sessions', { contractIds: [documents[0].contractId] });
    const firstPassword = await bulkSigningPassword(env, bulkUser, [documents[0].documentNumber], mark);

    const wrong = await bulkUser.client.post(`/api/bulk-sign/sessions/${first.body.sessionId}/execute`, {
      serialNumber: bulkUser.serialNumber,
      signingPassword: 'Wrong-password-1',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('SIGNING_PASSWORD_WRONG');
    expect(
      await count(`SELECT failed_attempts AS n FROM signing.signing_passwords WHERE request_id = 'bulk-${first.body.sessionId}'`),
    ).toBe(1);
    expect((await bulkUser.client.get(`/api/bulk-sign/sessions/${first.body.sessionId}`)).body).toMatchObject({
      status: 'SELECTED',
      pending: 1,
    });
    expect((await bulkUser.client.get(`/api/contracts/${documents[0].contractId}`)).body.status).toBe('AWAITING_RECEIPT');

    const ok = await bulkUser.client.post(`/api/bulk-sign/sessions/${first.body.sessionId}/execute`, {
      serialNumber: bulkUser.serialNumber,
      signingPassword: firstPassword,
    });
    expect(ok.status).toBe(202);
    await completed(bulkUser.client, first.body.sessionId);

    // A second session has its own password: the first one (spent) does not open it.
    mark = env.smtp.messages.length;
    const second = await bulkUser.client.post('/api/bulk-sign/sessions', { contractIds: [documents[1].contractId] });
    await bulkSigningPassword(env, bulkUser, [documents[1].documentNumber], mark);
    const reused = await bulkUser.client.post(`/api/bulk-sign/sessions/${second.body.sessionId}/execute`, {
      serialNumber: bulkUser.serialNumber,
      signingPassword: firstPassword,
    });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('SIGNING_PASSWORD_WRONG');

    // Another user cannot see or start someone's session.
    const stranger = await person(env, parties.receiverAdmin, '加藤 七郎', ['recipient']);
    expect((await stranger.client.get(`/api/bulk-sign/sessions/${second.body.sessionId}`)).status).toBe(404);
  });

  it('picks up a start whose process died between taking the session and handing it over', async () => {
    const { bulkUser } = parties;
    const documents = await awaitingReceipt(env, parties, bulkUser, 2, '取引基本契約');
    const mark = env.smtp.messages.length;
    const session = await bulkUser.client.post('/api/bulk-sign/sessions', { contractIds: documents.map((d) => d.contractId) });
    const sessionId: string = session.body.sessionId;
    const password = await bulkSigningPassword(
      env,
      bulkUser,
      documents.map((d) => d.documentNumber),
      mark,
    );
    // What the claim's transaction leaves when nothing follows it.
    await env.database.db.execute(sql`UPDATE contract_bulk.sessions SET status = 'STARTING', executed_at = now() WHERE id = ${sessionId}`);
    await env.database.db.execute(sql`UPDATE contract_bulk.items SET active = true WHERE session_id = ${sessionId}`);
    const body = { serialNumber: bulkUser.serialNumber, signingPassword: password };
    const busy = await bulkUser.client.post(`/api/bulk-sign/sessions/${sessionId}/execute`, body);
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('BULK_SIGN_SESSION_BUSY');
    // Long after: the start is taken up again and the documents are signed.
    await env.database.db.execute(
      sql`UPDATE contract_bulk.sessions SET executed_at = now() - interval '10 minutes' WHERE id = ${sessionId}`,
    );
    const resumed = await bulkUser.client.post(`/api/bulk-sign/sessions/${sessionId}/execute`, body);
    expect(resumed.status).toBe(202);
    expect(await completed(bulkUser.client, sessionId)).toMatchObject({ done: 2, failed: 0 });
  });

  it('keeps the other commands off a document while it is being bulk-signed', async () => {
    const { bulkUser } = parties;
    const [document] = await awaitingReceipt(env, parties, bulkUser, 1, '発注書');
    const mark = env.smtp.messages.length;
    const session = await bulkUser.client.post('/api/bulk-sign/sessions', { contractIds: [document.contractId] });
    const password = await bulkSigningPassword(env, bulkUser, [document.documentNumber], mark);
    // Stop the workers so the document stays in the session.
    await worker.kill();
    const executed = await bulkUser.client.post(`/api/bulk-sign/sessions/${session.body.sessionId}/execute`, {
      serialNumber: bulkUser.serialNumber,
      signingPassword: password,
    });
    expect(executed.status).toBe(202);
    const withdraw = await parties.sender.client.post(`/api/contracts/${document.contractId}/withdraw`, {});
    expect(withdraw.status).toBe(409);
    expect(withdraw.body.error.code).toBe('BULK_SIGN_IN_PROGRESS');
    const receive = await bulkUser.client.post(`/api/contracts/${document.contractId}/receive`, {
      route: { approvers: [], signer: bulkUser.userId },
    });
    expect(receive.body.error.code).toBe('BULK_SIGN_IN_PROGRESS');
    // A worker again: the document is concluded.
    worker = await WorkerProcess.start(env.config);
    expect(await completed(bulkUser.client, session.body.sessionId)).toMatchObject({ done: 1, failed: 0 });
  });
});
