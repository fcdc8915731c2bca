import { IdentityPlatform } from '../identity/identity-platform';
import { databaseFingerprint, settled } from './database-fingerprint';
import { scannedPdf } from './large-pdf';
import { Person, person, signingPasswordFor } from './workflow-fixture';

/** Small enough to upload quickly, big enough for two signatures to matter. */
const LIMIT = 256 * 1024;

/**
 * Real: the whole platform in-process with BLOB_MAX_BYTES = 256 KiB, over
 * HTTP. A PDF over the limit is refused with 413 and a message naming the
 * limit, before anything is stored; one just under it is registered and
 * concluded with both signatures.
 */
describe('PDF upload limits', () => {
  let env: IdentityPlatform;
  let registrant: Person;
  let senderSigner: Person;
  let recipient: Person;
  let receiverSigner: Person;
  let receiverCompanyId: string;

  const registration = (pdfBase64: string) => ({
    pdfBase64,
    name: '大型図面付き工事請負契約書',
    counterpartyCompanyId: receiverCompanyId,
    recipientUserId: recipient.userId,
    senderSide: 'ORDERER',
    transactionDate: '2026-11-10',
    amount: 48_000_000,
    route: { approvers: [], signer: senderSigner.userId },
  });

  beforeAll(async () => {
    env = await IdentityPlatform.start({ BLOB_MAX_BYTES: String(LIMIT) });
    const sender = await env.company('発注建設株式会社', { plan: 'ONE_SIDE' });
    const receiver = await env.company('株式会社受注工務店', { plan: 'ONE_SIDE' });
    receiverCompanyId = receiver.companyId;
    registrant = await person(env, sender.admin, '登録 太郎', ['registrant']);
    senderSigner = await person(env, sender.admin, '署名 次郎', ['signer']);
    recipient = await person(env, receiver.admin, '受取 花子', ['recipient']);
    receiverSigner = await person(env, receiver.admin, '署名 三郎', ['signer']);
  });

  afterAll(async () => {
    await env?.close();
  });

  /** Runs `work`, then proves no table of any service changed and no mail went out. */
  const changesNothing = async (work: () => Promise<void>) => {
    await settled(env.database);
    const before = await databaseFingerprint(env.database);
    const mails = env.smtp.messages.length;
    await work();
    await settled(env.database);
    expect(await databaseFingerprint(env.database)).toEqual(before);
    expect(env.smtp.messages.length).toBe(mails);
  };

  it('refuses a PDF over BLOB_MAX_BYTES with 413 naming the limit, storing nothing', async () => {
    const pdf = await scannedPdf(LIMIT + 4096);
    await changesNothing(async () => {
      const reply = await registrant.client.post('/api/contracts', registration(pdf.toString('base64')));
      expect(reply.status).toBe(413);
      expect(reply.body.error).toMatchObject({
        code: 'PDF_TOO_LARGE',
        message: { ja: expect.stringContaining('上限 0.25 MB'), en: expect.stringContaining('limit 0.25 MB') },
        details: [
          {
            path: 'pdfBase64',
            message: `The PDF is ${pdf.length.toLocaleString('en-US')} bytes; at most 262,144 bytes are accepted.`,
            messageJa: expect.stringContaining('262,144 バイト以下'),
          },
        ],
      });
    });
  });

  it('refuses a request body over the gateway limit with 413 before any service sees it', async () => {
    // The registration route takes a base64 PDF of BLOB_MAX_BYTES plus 1 MiB for the other fields.
    const bodyLimit = Math.ceil((LIMIT * 4) / 3) + 1024 * 1024;
    const body = JSON.stringify(registration('A'.repeat(bodyLimit)));
    await changesNothing(async () => {
      const response = await fetch(`${env.baseUrl}/api/contracts`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: registrant.client.cookie as string,
          'x-csrf-token': registrant.client.csrfToken as string,
        },
        body,
      });
      expect(response.status).toBe(413);
      const { error } = (await response.json()) as { error: { code: string; message: { ja: string; en: string } } };
      expect(error).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        message: { ja: expect.stringContaining('0.25 MB'), en: expect.stringContaining('0.25 MB') },
      });
    });
  });

  it('accepts a PDF just under the limit and concludes it with both signatures', async () => {
    const pdf = await scannedPdf(LIMIT - 512);
    expect(pdf.length).toBeLessThanOrEqual(LIMIT);
    const registered = await registrant.client.post('/api/contracts', registration(pdf.toString('base64')));
    expect({ status: registered.status, error: registered.body.error }).toEqual({ status: 201, error: undefined });
    const { contractId: id, documentNumber } = registered.body;
    expect((await registrant.client.post(`/api/contracts/${id}/submit`)).body.status).toBe('SENDER_SIGNATURE');
    const senderSigned = await senderSigner.client.post(`/api/contracts/${id}/sign`, {
      serialNumber: senderSigner.serialNumber,
      signingPassword: await signingPasswordFor(env, senderSigner, documentNumber),
    });
    expect({ status: senderSigned.status, error: senderSigned.body.error?.code }).toEqual({ status: 200, error: undefined });
    const received = await recipient.client.post(`/api/contracts/${id}/receive`, {
      route: { approvers: [], signer: receiverSigner.userId },
    });
    expect(received.status).toBe(200);
    const concluded = await receiverSigner.client.post(`/api/contracts/${id}/sign`, {
      serialNumber: receiverSigner.serialNumber,
      signingPassword: await signingPasswordFor(env, receiverSigner, documentNumber),
    });
    expect({ status: concluded.status, contract: concluded.body.status }).toEqual({ status: 200, contract: 'CONCLUDED' });
    // Two signatures made the concluded PDF bigger than any upload may be; it is stored, served and checked all the same.
    const file = await fetch(`${env.baseUrl}/api/contracts/${id}/pdf`, { headers: { cookie: registrant.client.cookie as string } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).length).toBeGreaterThan(LIMIT);
    const report = await registrant.client.get(`/api/archive/${id}/validation-report`);
    expect(report.status).toBe(200);
  });
});
