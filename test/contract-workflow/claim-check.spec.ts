import { sha256Hex } from '@app/blob-store';
import { eventually } from '@app/testing';
import { chunksOf, rawExchange, requestHead } from '../gateway/raw-http';
import { IdentityPlatform } from '../identity/identity-platform';
import { databaseFingerprint, settled } from './database-fingerprint';
import { scannedPdf } from './large-pdf';
import { registrationForm } from './multipart';
import { Person, person } from './workflow-fixture';

const LIMIT = 256 * 1024;

/**
 * Real: the whole platform in-process (BLOB_MAX_BYTES = 256 KiB) over HTTP
 * on loopback. Uploads reach the services by claim check, a retried
 * registration with its Idempotency-Key finds its contract, and large or
 * anonymous bodies are refused before they are read.
 */
describe('PDF uploads by claim check', () => {
  let env: IdentityPlatform;
  let port: number;
  let registrant: Person;
  let otherRegistrant: Person;
  let signer: Person;
  let recipient: Person;
  let receiverCompanyId: string;

  const fields = (name: string) => ({
    name,
    counterpartyCompanyId: receiverCompanyId,
    recipientUserId: recipient.userId,
    senderSide: 'ORDERER',
    transactionDate: '2026-12-01',
    amount: 1_200_000,
    route: { approvers: [], signer: signer.userId },
  });
  const sessionHeaders = (who: Person) => ({ cookie: who.client.cookie as string, 'x-csrf-token': who.client.csrfToken as string });
  const postForm = (who: Person, form: { body: Buffer; contentType: string }, headers: Record<string, string> = {}) =>
    fetch(`${env.baseUrl}/api/contracts`, {
      method: 'POST',
      headers: { ...sessionHeaders(who), 'content-type': form.contentType, ...headers },
      body: form.body,
    });
  const count = async (sql: string, values: unknown[] = []) => (await env.database.pool.query<{ n: number }>(sql, values)).rows[0].n;
  const contractsNamed = (name: string) => count('SELECT count(*)::int AS n FROM contract_workflow.contracts WHERE name = $1', [name]);
  const stagedFiles = () => count('SELECT count(*)::int AS n FROM blob_store.staged_files');

  beforeAll(async () => {
    env = await IdentityPlatform.start({ BLOB_MAX_BYTES: String(LIMIT) });
    port = Number(new URL(env.baseUrl).port);
    const sender = await env.company('請負建設株式会社', { plan: 'ONE_SIDE' });
    const receiver = await env.company('株式会社発注工業', { plan: 'ONE_SIDE' });
    receiverCompanyId = receiver.companyId;
    registrant = await person(env, sender.admin, '登録 一郎', ['registrant']);
    otherRegistrant = await person(env, sender.admin, '登録 二郎', ['registrant']);
    signer = await person(env, sender.admin, '署名 三郎', ['signer']);
    recipient = await person(env, receiver.admin, '受取 四郎', ['recipient']);
  });

  afterAll(async () => {
    await env?.close();
  });

  it('registers from multipart/form-data, keeping the uploaded bytes’ SHA-256 beside the normalised one', async () => {
    const pdf = await scannedPdf(100 * 1024);
    const response = await postForm(registrant, registrationForm(fields('マルチパート契約書'), pdf));
    const view = (await response.json()) as Record<string, unknown> & { contractId: string; currentSha256: string };
    expect({ status: response.status, error: view.error }).toEqual({ status: 201, error: undefined });
    expect(view.uploadSha256).toBe(sha256Hex(pdf));
    expect(view.originalSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await registrant.client.get(`/api/contracts/${view.contractId}`)).body.uploadSha256).toBe(sha256Hex(pdf));

    const trail = await registrant.client.get(`/api/contracts/${view.contractId}/audit`);
    const registered = trail.body.entries.find((entry: { action: string }) => entry.action === 'REGISTERED');
    expect(registered.details.uploadSha256).toBe(sha256Hex(pdf));
    expect(registered.documentSha256).toBe(view.originalSha256);

    // The download comes from the blob store, verified: the bytes are the ones the hash names.
    const file = await fetch(`${env.baseUrl}/api/contracts/${view.contractId}/pdf`, { headers: sessionHeaders(registrant) });
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(file.headers.get('x-content-sha256')).toBe(view.currentSha256);
    expect(sha256Hex(bytes)).toBe(view.currentSha256);
    const report = await fetch(`${env.baseUrl}/api/contracts/${view.contractId}/audit.pdf`, { headers: sessionHeaders(registrant) });
    expect(report.status).toBe(200);
    expect(
      Buffer.from(await report.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    // Nothing is left in the staging area once the services have answered.
    expect(await stagedFiles()).toBe(0);
  });

  it('records the uploaded SHA-256 for a JSON registration too', async () => {
    const pdf = await scannedPdf(60 * 1024);
    const reply = await registrant.client.post('/api/contracts', { ...fields('JSON契約書'), pdfBase64: pdf.toString('base64') });
    expect(reply.status).toBe(201);
    expect(reply.body.uploadSha256).toBe(sha256Hex(pdf));
  });

  it('answers a retry with the same Idempotency-Key after a cut connection with the one contract it made', async () => {
    const name = '再送テスト契約書';
    const body = Buffer.from(JSON.stringify({ ...fields(name), pdfBase64: (await scannedPdf(80 * 1024)).toString('base64') }));
    const head = requestHead('POST', '/api/contracts', {
      ...sessionHeaders(registrant),
      'content-type': 'application/json',
      'content-length': body.length,
      'idempotency-key': 'order-2026-12-01-0001',
    });
    // The client hangs up as soon as the request is sent: it never sees the reply.
    const cut = await rawExchange(port, [head, body], { stopWhenAnswered: true, hangUpAfterSending: true });
    expect(cut.status).toBeUndefined();
    await eventually(async () => (await contractsNamed(name)) === 1, 30_000);

    const retried = await registrant.client.request('POST', '/api/contracts', JSON.parse(body.toString()), {
      'idempotency-key': 'order-2026-12-01-0001',
    });
    expect(retried.status).toBe(201);
    const { rows } = await env.database.pool.query<{ id: string }>('SELECT id FROM contract_workflow.contracts WHERE name = $1', [name]);
    expect(retried.body.contractId).toBe(rows[0].id);
    expect(await contractsNamed(name)).toBe(1);

    // The same key for a different registration is refused; nothing is made.
    const reused = await registrant.client.request(
      'POST',
      '/api/contracts',
      { ...JSON.parse(body.toString()), amount: 1 },
      { 'idempotency-key': 'order-2026-12-01-0001' },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.error).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: { ja: expect.any(String), en: expect.any(String) },
    });
    // Keys are the user's own: another registrant's same key is another registration.
    const other = await otherRegistrant.client.request('POST', '/api/contracts', JSON.parse(body.toString()), {
      'idempotency-key': 'order-2026-12-01-0001',
    });
    expect(other.status).toBe(201);
    expect(other.body.contractId).not.toBe(rows[0].id);
    expect(await contractsNamed(name)).toBe(2);
    // A malformed key is a validation error, before anything is read or stored.
    const badKey = await registrant.client.request('POST', '/api/contracts', JSON.parse(body.toString()), {
      'idempotency-key': 'two words',
    });
    expect(badKey.status).toBe(400);
    expect(await contractsNamed(name)).toBe(2);
  });

  it('makes one contract when requests with the same Idempotency-Key arrive at the same time', async () => {
    const name = '同時送信契約書';
    const body = { ...fields(name), pdfBase64: (await scannedPdf(70 * 1024)).toString('base64') };
    const replies = await Promise.all(
      [1, 2, 3].map(() => registrant.client.request('POST', '/api/contracts', body, { 'idempotency-key': 'simultaneous-1' })),
    );
    expect(replies.map((reply) => reply.status)).toEqual([201, 201, 201]);
    expect(new Set(replies.map((reply) => reply.body.contractId)).size).toBe(1);
    expect(await contractsNamed(name)).toBe(1);
    // The losers rolled back whole: one REGISTERED entry, one key.
    expect(
      await count("SELECT count(*)::int AS n FROM contract_ledger.audit_entries WHERE action = 'REGISTERED' AND contract_id = $1", [
        replies[0].body.contractId,
      ]),
    ).toBe(1);
    expect(await count("SELECT count(*)::int AS n FROM contract_workflow.registration_keys WHERE key = 'simultaneous-1'")).toBe(1);
  });

  it('refuses a PDF of the limit + 1 byte, as a form or as JSON, with 413 and stores nothing', async () => {
    const pdf = await scannedPdf(LIMIT + 1);
    await settled(env.database);
    const before = await databaseFingerprint(env.database);
    const form = await postForm(registrant, registrationForm(fields('上限超過'), pdf));
    expect(form.status).toBe(413);
    expect(((await form.json()) as { error: unknown }).error).toMatchObject({
      code: 'PDF_TOO_LARGE',
      message: { ja: expect.stringContaining('上限 0.25 MB'), en: expect.stringContaining('limit 0.25 MB') },
      details: [{ path: 'pdf' }],
    });
    const json = await registrant.client.post('/api/contracts', { ...fields('上限超過'), pdfBase64: pdf.toString('base64') });
    expect(json.status).toBe(413);
    expect(json.body.error).toMatchObject({ code: 'PDF_TOO_LARGE', details: [{ path: 'pdfBase64' }] });
    await settled(env.database);
    expect(await databaseFingerprint(env.database)).toEqual(before);
  });

  it('refuses a body announced over the route limit before reading it, and an anonymous upload before reading it (D4)', async () => {
    const announced = 60 * 1024 * 1024;
    const tooLarge = await rawExchange(
      port,
      [
        requestHead('POST', '/api/contracts', {
          ...sessionHeaders(registrant),
          'content-type': 'application/json',
          'content-length': announced,
        }),
        ...chunksOf(announced),
      ],
      { stopWhenAnswered: true },
    );
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body).error.code).toBe('PAYLOAD_TOO_LARGE');

    // An anonymous upload within the limit: answered 401 while the client still holds back all but its first 64 KiB.
    const anonymous = await Promise.all(
      [
        ['/api/contracts', 'multipart/form-data; boundary=x'],
        ['/api/contracts', 'application/json'],
        ['/api/signing/validate', 'application/pdf'],
      ].map(([path, contentType]) =>
        rawExchange(port, [requestHead('POST', path, { 'content-type': contentType, 'content-length': LIMIT }), ...chunksOf(LIMIT)], {
          gapMs: 2_000,
          stopWhenAnswered: true,
        }),
      ),
    );
    for (const attempt of anonymous) {
      expect(attempt.status).toBe(401);
      expect(attempt.bytesSentBeforeAnswer).toBeLessThanOrEqual(64 * 1024 + 1024);
      expect(attempt.answeredAfterMs).toBeLessThan(2_000);
    }

    // Six 60 MB login bodies at once (the attack of D4): each refused at its headers, none read or kept.
    const rssBefore = process.memoryUsage().rss;
    const logins = await Promise.all(
      Array.from({ length: 6 }, () =>
        rawExchange(
          port,
          [
            requestHead('POST', '/api/auth/login', { 'content-type': 'application/json', 'content-length': announced }),
            ...chunksOf(announced),
          ],
          {
            stopWhenAnswered: true,
          },
        ),
      ),
    );
    expect(logins.map((login) => login.status)).toEqual([413, 413, 413, 413, 413, 413]);
    expect(JSON.parse(logins[0].body).error.message.en).toContain('1 MB');
    const rssAfter = process.memoryUsage().rss;
    process.stdout.write(
      `\nD4: six 60 MB login bodies at once — RSS of the in-process platform ${Math.round(rssBefore / 1024 / 1024)} MB before, ${Math.round(rssAfter / 1024 / 1024)} MB after\n`,
    );
    expect(rssAfter - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it('validates an uploaded PDF through the staging area, within the stored-PDF limit', async () => {
    const pdf = await scannedPdf(50 * 1024);
    const response = await fetch(`${env.baseUrl}/api/signing/validate`, {
      method: 'POST',
      headers: { ...sessionHeaders(registrant), 'content-type': 'application/pdf' },
      body: pdf,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ signatures: [] });
    expect(await stagedFiles()).toBe(0);
    const storedLimit = LIMIT + 2 * 1024 * 1024;
    const tooLarge = await rawExchange(
      port,
      [
        requestHead('POST', '/api/signing/validate', {
          ...sessionHeaders(registrant),
          'content-type': 'application/pdf',
          'content-length': storedLimit + 1,
        }),
        ...chunksOf(storedLimit + 1),
      ],
      { stopWhenAnswered: true },
    );
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body).error.message.en).toContain('2.25 MB');
  });
});
