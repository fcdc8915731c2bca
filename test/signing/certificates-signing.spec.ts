import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { BlobStore } from '@app/blob-store';
import { ActorContext, AppError, Patterns, seal, sealPublicKey, signingSecretContext, systemActor } from '@app/contracts';
import { ServiceClient } from '@app/messaging';
import { HttpClient } from '@app/testing';
import { signingPasswords } from '@apps/signing/src/database/signing.schema';
import { preparePdfForSigning } from '@apps/signing/src/pades/pdf-preparation';
import { unwrapPrivateKey } from '@apps/signing/src/pki/private-key-wrap';
import { nssDatabaseTrusting, runTool, samplePdf, tempDir } from '@apps/signing/test/signing-fixtures';
import { IdentityPlatform } from '../identity/identity-platform';
import { mailedSecret } from './signing-flow';

/**
 * Certificates, PINs, signing passwords and signatures through the running
 * platform: real PostgreSQL, RabbitMQ, Redis, SMTP, and pdfsig/openssl on
 * what comes out.
 */
describe('signing service: certificates, activation, signing passwords, signatures', () => {
  let env: IdentityPlatform;
  let admin: HttpClient;
  let companyId: string;
  let signerId: string;
  let signer: HttpClient;
  let signerPassword: string;
  let serialNumber: string;
  let rpc: ServiceClient;
  let blobs: BlobStore;
  const tmp = tempDir();

  const secretFrom = (email: string, subject: string, label: string, after: number) => mailedSecret(env, email, subject, label, after);
  const codeOf = async (work: Promise<unknown>) => {
    try {
      await work;
      return 'OK';
    } catch (error) {
      return (error as AppError).reply?.code ?? String(error);
    }
  };
  const userActor = (userId: string, roles: ActorContext['roles'] = ['signer']): ActorContext => ({
    kind: 'user',
    userId,
    companyId,
    roles,
    requestId: randomUUID(),
  });
  const signingKey = () => sealPublicKey(env.config.SIGNING_SEAL_PUBLIC_KEY);
  const sealedPassword = (requestId: string, userId: string, password: string) =>
    seal(signingKey(), password, signingSecretContext('signing-password', `${requestId}:${userId}`));

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    ({ admin, companyId } = await env.company('株式会社 署名建設'));
    signerId = (
      await admin.post('/api/users', {
        name: '署名 太郎',
        email: 'signer@example.jp',
        department: '工事部',
        roles: ['recipient', 'signer'],
      })
    ).body.userId;
    ({ admin: signer, password: signerPassword } = await env.firstLogin(signerId, 'signer@example.jp'));
    rpc = new ServiceClient({
      url: env.config.AMQP_URL,
      prefix: env.config.AMQP_PREFIX,
      deliveryLimit: env.config.AMQP_DELIVERY_LIMIT,
      timeoutMs: 30_000,
      reconnectSeconds: 1,
    });
    blobs = new BlobStore(env.database.db, env.config.BLOB_MAX_BYTES);
  });

  afterAll(async () => {
    await rpc?.close();
    await env?.close();
    tmp.remove();
  });

  it('issues a certificate to a signer only, with the PIN by mail and never in a reply', async () => {
    const plain = (await admin.post('/api/users', { name: '一般 花子', email: 'plain@example.jp', roles: ['approver'] })).body.userId;
    const refused = await admin.post('/api/certificates', { userId: plain });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('CERTIFICATE_NEEDS_SIGNER');
    expect((await admin.post('/api/certificates', { userId: 'U999999' })).status).toBe(404);
    expect((await signer.post('/api/certificates', { userId: signerId })).status).toBe(403);

    const mailsBefore = env.smtp.messages.length;
    const issued = await admin.post('/api/certificates', { userId: signerId });
    expect(issued.status).toBe(201);
    serialNumber = issued.body.serialNumber;
    expect(issued.body.subject).toContain('署名 太郎');
    expect(issued.body.subject).toContain('株式会社 署名建設');
    expect(issued.body.holders).toEqual([{ userId: signerId, status: 'PENDING_ACTIVATION', activatedAt: null, lockedAt: null }]);
    const pin = await secretFrom('signer@example.jp', 'PIN のお知らせ', '証明書PIN', mailsBefore);
    expect(pin).toMatch(/^\d{8}$/);
    expect(JSON.stringify(issued.body)).not.toContain(pin);

    // Another company sees nothing of it.
    const other = await env.company('株式会社 他社');
    expect((await other.admin.get('/api/certificates')).body.items).toEqual([]);
    expect((await other.admin.post(`/api/certificates/${serialNumber}/revoke`, {})).status).toBe(404);

    // 証明書有効性確認 (D11): any wrong PIN/password combination gets one answer, so the reply never reveals the PIN;
    // each counts one wrong try alike, and the answer says how many are left before the lock.
    const activate = (body: { pin: string; loginPassword: string }) => signer.post(`/api/certificates/${serialNumber}/activate`, body);
    const answers = [
      await activate({ pin, loginPassword: 'Not-my-pass-1' }),
      await activate({ pin: '00000000', loginPassword: signerPassword }),
      await activate({ pin: '00000000', loginPassword: 'Not-my-pass-1' }),
    ];
    for (const [index, answer] of answers.entries()) {
      const left = 4 - index;
      expect(answer.status).toBe(400);
      expect(answer.body.error).toEqual({
        code: 'CERTIFICATE_ACTIVATION_FAILED',
        status: 400,
        message: {
          ja: expect.stringMatching(new RegExp(`^PINまたはログインパスワードが正しくありません。.*（ロックまで残り ${left} 回）$`)),
          en: expect.stringMatching(
            new RegExp(`^The PIN or the login password is wrong\\. .*\\(${left} attempts left before the lock\\)$`),
          ),
        },
        details: [{ path: 'attemptsLeft', message: String(left), messageJa: String(left) }],
      });
    }
    // Apart from the count, the three answers are one.
    const withoutCount = (error: { message: { ja: string; en: string } }) => ({
      ja: error.message.ja.replace(/残り \d+ 回/, ''),
      en: error.message.en.replace(/\d+ attempts/, ''),
    });
    expect(answers.map((answer) => withoutCount(answer.body.error))).toEqual(answers.map(() => withoutCount(answers[0].body.error)));
    // Three wrong tries counted on the certificate; identity counted the wrong passwords (the right one between them reset it).
    const counts = await env.database.pool.query<{ pins: number; logins: number }>(
      `SELECT h.failed_pins AS pins, u.failed_logins AS logins
         FROM signing.certificate_holders h, identity.users u WHERE h.serial_number = $1 AND h.user_id = $2 AND u.id = $2`,
      [serialNumber, signerId],
    );
    expect(counts.rows[0]).toEqual({ pins: 3, logins: 1 });
    const fourth = await activate({ pin: '00000000', loginPassword: signerPassword });
    expect(fourth.body.error.message.en).toMatch(/\(1 attempt left before the lock\)$/);
    expect(fourth.body.error.details).toEqual([{ path: 'attemptsLeft', message: '1', messageJa: '1' }]);
    // The fifth wrong try locks, and says so; locked from then on, even with the right PIN; the administrator unlocks.
    const beforeLock = env.smtp.messages.length;
    const fifth = await activate({ pin: '00000000', loginPassword: signerPassword });
    expect([fifth.status, fifth.body.error.code]).toEqual([423, 'CERTIFICATE_LOCKED']);
    // The lock mails the holder (「証明書ロックのお知らせ」): which certificate, and whom to ask; no PIN in it.
    const lockMail = await env.smtp.waitFor(
      (m) =>
        m.envelope.to.includes('signer@example.jp') &&
        m.subject.includes('証明書ロックのお知らせ') &&
        env.smtp.messages.indexOf(m) >= beforeLock,
    );
    expect(lockMail.text).toContain(serialNumber);
    expect(lockMail.text).toContain(signerId);
    expect(lockMail.text).toContain('株式会社 署名建設');
    expect(lockMail.text).toContain('/certificates');
    expect(lockMail.text).not.toContain(pin);
    expect((await activate({ pin, loginPassword: signerPassword })).body.error.code).toBe('CERTIFICATE_LOCKED');
    // One lock, one mail: a try on the locked certificate asks for none.
    const lockMails = await env.database.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM signing.outbox WHERE payload->>'template' = 'certificate-locked' AND payload->'params'->>'userId' = $1`,
      [signerId],
    );
    expect(lockMails.rows[0].n).toBe('1');
    expect((await admin.post(`/api/certificates/${serialNumber}/holders/${signerId}/unlock`)).body.holders[0].status).toBe(
      'PENDING_ACTIVATION',
    );

    const activated = await signer.post(`/api/certificates/${serialNumber}/activate`, { pin, loginPassword: signerPassword });
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ serialNumber, status: 'VALID', holders: [{ userId: signerId, status: 'ACTIVE' }] });
    expect(activated.body.issuer).toContain('inkan');
  });

  it('signs with a one-time signing password, once per request and document, and the result validates in pdfsig', async () => {
    const { pdf } = await preparePdfForSigning(await samplePdf(2));
    const document = await blobs.put(pdf);
    const requestId = `doc-${randomUUID()}`;
    const mailsBefore = env.smtp.messages.length;
    await rpc.send(
      Patterns.signing.issueSigningPassword,
      { requestId, userId: signerId, documentNumbers: ['0000000283'] },
      { actor: systemActor('test') },
    );
    const password = await secretFrom('signer@example.jp', '署名用パスワード', '署名用パスワード', mailsBefore);

    // A user cannot ask for a signing password itself.
    expect(
      await codeOf(
        rpc.send(
          Patterns.signing.issueSigningPassword,
          { requestId, userId: signerId, documentNumbers: ['0000000283'] },
          { actor: userActor(signerId) },
        ),
      ),
    ).toBe('FORBIDDEN');

    const sign = (sha256: string, secret: string, actor = userActor(signerId), request = requestId) =>
      rpc.send(
        Patterns.signing.signDocument,
        {
          requestId: request,
          documentSha256: sha256,
          serialNumber,
          signingPassword: sealedPassword(request, actor.userId as string, secret),
        },
        { actor },
      );

    expect(await codeOf(sign(document.sha256, 'wrong-password'))).toBe('SIGNING_PASSWORD_WRONG');
    const first = await sign(document.sha256, password);
    expect(first).toMatchObject({ requestId, documentSha256: document.sha256, serialNumber, userId: signerId });
    // Asking again returns the same signature; the password is spent, so a second document needs a new one.
    expect(await sign(document.sha256, password)).toEqual(first);
    const other = await blobs.put((await preparePdfForSigning(await samplePdf(1))).pdf);
    expect(await codeOf(sign(other.sha256, password))).toBe('SIGNING_PASSWORD_INVALID');
    const count = await env.database.pool.query(`SELECT count(*)::int AS n FROM signing.signatures WHERE request_id = $1`, [requestId]);
    expect(count.rows[0].n).toBe(1);

    // The signed PDF: valid and trusted in pdfsig with our root, by HTTP from the gateway.
    const signed = await blobs.get(first.signedSha256);
    const root = await env.client().get('/api/signing/ca/root-ca.pem');
    expect(root.body).toContain('BEGIN CERTIFICATE');
    const db = nssDatabaseTrusting(tmp.dir, root.body as string);
    const pdfsig = runTool('pdfsig', ['-nssdir', db, tmp.file('signed.pdf', signed)]);
    expect(pdfsig.output).toContain('Signature Validation: Signature is Valid.');
    expect(pdfsig.output).toContain('Certificate Validation: Certificate is Trusted.');

    // And in our own validation, through the gateway.
    const report = await signer.post('/api/signing/validate', { sha256: first.signedSha256 });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ signatureCount: 1, allValid: true });
    expect(report.body.signatures[0]).toMatchObject({
      status: 'valid',
      signer: { commonName: '署名 太郎', organization: '株式会社 署名建設' },
      format: { level: 'PAdES-B-T' },
      integrity: { intact: true },
      timestamp: { present: true },
      coverage: { coversWholeDocument: true },
    });
    // Neither a PDF nor a hash: named as such.
    const empty = await signer.request('POST', '/api/signing/validate', undefined, {});
    expect(empty.status).toBe(400);
    const uploaded = await fetch(`${env.baseUrl}/api/signing/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', cookie: signer.cookie as string, 'x-csrf-token': signer.csrfToken as string },
      body: signed,
    });
    expect(((await uploaded.json()) as { allValid: boolean }).allValid).toBe(true);
    expect((await env.client().post('/api/signing/validate', { sha256: first.signedSha256 })).status).toBe(401);
    const upload = (body: Buffer) =>
      fetch(`${env.baseUrl}/api/signing/validate`, {
        method: 'POST',
        headers: { 'content-type': 'application/pdf', cookie: signer.cookie as string, 'x-csrf-token': signer.csrfToken as string },
        body,
      });
    const notPdf = await upload(Buffer.from('not a pdf at all'));
    expect(notPdf.status).toBe(400);
    expect(((await notPdf.json()) as { error: { code: string } }).error.code).toBe('PDF_MALFORMED');
    // A cut-off copy: no signature survives to be trusted.
    const truncated = (await (await upload(signed.subarray(0, 2000))).json()) as { signatureCount: number; allValid: boolean };
    expect(truncated).toMatchObject({ signatureCount: 0, allValid: false });
  });

  it('voids a signing password after five wrong entries, refuses an expired one, another user and a revoked certificate', async () => {
    const document = await blobs.put((await preparePdfForSigning(await samplePdf(1, { padding: 10 }))).pdf);
    const issue = async (requestId: string) => {
      const before = env.smtp.messages.length;
      await rpc.send(
        Patterns.signing.issueSigningPassword,
        { requestId, userId: signerId, documentNumbers: ['0000000284'] },
        { actor: systemActor('test') },
      );
      return secretFrom('signer@example.jp', '署名用パスワード', '署名用パスワード', before);
    };
    const sign = (requestId: string, secret: string, actor = userActor(signerId)) =>
      rpc.send(
        Patterns.signing.signDocument,
        {
          requestId,
          documentSha256: document.sha256,
          serialNumber,
          signingPassword: sealedPassword(requestId, actor.userId as string, secret),
        },
        { actor },
      );

    const voided = `doc-${randomUUID()}`;
    const password = await issue(voided);
    const codes: string[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      codes.push(await codeOf(sign(voided, 'Wrong-entry')));
    }
    expect(codes).toEqual([
      'SIGNING_PASSWORD_WRONG',
      'SIGNING_PASSWORD_WRONG',
      'SIGNING_PASSWORD_WRONG',
      'SIGNING_PASSWORD_WRONG',
      'SIGNING_PASSWORD_VOIDED',
    ]);
    expect(await codeOf(sign(voided, password))).toBe('SIGNING_PASSWORD_INVALID');

    const expired = `doc-${randomUUID()}`;
    const expiring = await issue(expired);
    await env.database.db
      .update(signingPasswords)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(signingPasswords.requestId, expired));
    expect(await codeOf(sign(expired, expiring))).toBe('SIGNING_PASSWORD_INVALID');

    // Another signer of the same company holds no link to this certificate.
    const colleague = (await admin.post('/api/users', { name: '同僚 次郎', email: 'colleague@example.jp', roles: ['signer'] })).body.userId;
    const stolen = `doc-${randomUUID()}`;
    const stolenPassword = await issue(stolen);
    expect(await codeOf(sign(stolen, stolenPassword, userActor(colleague)))).toBe('NOT_FOUND');

    // Revoked: refused, and the CRL lists it.
    const revoked = await admin.post(`/api/certificates/${serialNumber}/revoke`, { reason: 'keyCompromise' });
    expect(revoked.body.status).toBe('REVOKED');
    expect(await codeOf(sign(stolen, stolenPassword))).toBe('CERTIFICATE_REVOKED');
    const crl = await fetch(`${env.baseUrl}/api/signing/crl/issuing-ca.crl`);
    expect(crl.headers.get('content-type')).toBe('application/pkix-crl');
    const text = runTool('openssl', [
      'crl',
      '-inform',
      'DER',
      '-noout',
      '-text',
      '-in',
      tmp.file('issuing.crl', Buffer.from(await crl.arrayBuffer())),
    ]);
    expect(text.output.replace(/:/g, '').toUpperCase()).toContain(serialNumber.replace(/^0+/, ''));
  });

  it('answers RFC 3161 queries over HTTP that openssl verifies', async () => {
    const data = tmp.file('data.txt', 'inkan timestamp test');
    const query = tmp.file('query.tsq');
    expect(runTool('openssl', ['ts', '-query', '-data', data, '-sha256', '-cert', '-out', query]).status).toBe(0);
    const response = await fetch(`${env.baseUrl}/api/signing/tsa`, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: readFileSync(query),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/timestamp-reply');
    const reply = tmp.file('reply.tsr', Buffer.from(await response.arrayBuffer()));
    const issuing = await env.client().get('/api/signing/ca/issuing-ca.pem');
    const root = await env.client().get('/api/signing/ca/root-ca.pem');
    const chain = tmp.file('chain.pem', `${root.body as string}\n${issuing.body as string}`);
    const verified = runTool('openssl', ['ts', '-verify', '-data', data, '-in', reply, '-CAfile', chain]);
    expect(verified.output).toContain('Verification: OK');

    const wrongType = await fetch(`${env.baseUrl}/api/signing/tsa`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);
  });

  it('never writes a PIN or a signing password in clear to a log or a table', async () => {
    const before = env.smtp.messages.length;
    const requestId = `doc-${randomUUID()}`;
    const user = (await admin.post('/api/users', { name: '秘密 三郎', email: 'secret@example.jp', roles: ['signer'] })).body.userId;
    await admin.post('/api/certificates', { userId: user });
    const pin = await secretFrom('secret@example.jp', 'PIN のお知らせ', '証明書PIN', before);
    await rpc.send(
      Patterns.signing.issueSigningPassword,
      { requestId, userId: user, documentNumbers: ['0000000285'] },
      { actor: systemActor('test') },
    );
    const password = await secretFrom('secret@example.jp', '署名用パスワード', '署名用パスワード', before);

    const logs = env.platform.logs.text();
    expect(logs).not.toContain(pin);
    expect(logs).not.toContain(password);
    // Private keys: only wrapped. Unwrap each with the master key and look for the clear key anywhere.
    const masterKey = Buffer.from(env.config.SIGNING_MASTER_KEY, 'base64');
    const keys = await env.database.pool.query<{ serial_number: string; private_key_wrapped: string }>(
      `SELECT serial_number, private_key_wrapped FROM signing.certificates`,
    );
    const clearKeys = keys.rows.map((row) =>
      unwrapPrivateKey(Buffer.from(row.private_key_wrapped, 'base64'), masterKey, `user:${row.serial_number}`)
        .export({ type: 'pkcs8', format: 'der' })
        .toString('base64')
        .slice(40, 120),
    );
    expect(clearKeys.length).toBeGreaterThan(0);
    for (const key of clearKeys) {
      expect(logs).not.toContain(key);
    }
    const tables = await env.database.pool.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema IN ('signing', 'identity', 'notification', 'blob_store')`,
    );
    for (const table of tables.rows) {
      const dump = await env.database.pool.query<{ row: string }>(
        `SELECT row_to_json(t)::text AS row FROM "${table.schema}"."${table.name}" t`,
      );
      for (const row of dump.rows) {
        expect({
          table: `${table.schema}.${table.name}`,
          pin: row.row.includes(pin),
          password: row.row.includes(password),
          key: clearKeys.some((key) => row.row.includes(key)),
        }).toEqual({ table: `${table.schema}.${table.name}`, pin: false, password: false, key: false });
      }
    }
  });
});
