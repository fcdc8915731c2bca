import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as ocsp from '@peculiar/asn1-ocsp';
import { AsnConvert } from '@peculiar/asn1-schema';
import { eq } from 'drizzle-orm';
import { HttpClient } from '@app/testing';
import { certificates, platformCa } from '@apps/signing/src/database/signing.schema';
import { runTool, tempDir } from '@apps/signing/test/signing-fixtures';
import { IdentityPlatform } from '../identity/identity-platform';

/**
 * `openssl ocsp -url` asks the gateway running in this very process: spawnSync
 * would block the event loop that has to answer it, so run it asynchronously.
 */
function opensslAsking(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile('openssl', ['ocsp', ...args], { timeout: 60_000 }, (_error, stdout, stderr) => resolve(`${stdout}${stderr}`));
  });
}

function pem(derBase64: string): string {
  return `-----BEGIN CERTIFICATE-----\n${derBase64.replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
}

/** "Nov 20 08:30:15 2026 GMT", as openssl prints an OCSP time. */
function opensslTime(date: Date): string {
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const day = String(date.getUTCDate()).padStart(2, ' ');
  return `${month} ${day} ${date.toISOString().slice(11, 19)} ${date.getUTCFullYear()} GMT`;
}

/**
 * The OCSP responder through the gateway, asked by `openssl ocsp` as a
 * relying party would: real PostgreSQL, RabbitMQ and the signing service.
 */
describe('OCSP responder (RFC 6960) over HTTP', () => {
  let env: IdentityPlatform;
  let admin: HttpClient;
  const tmp = tempDir();
  const files: Record<string, string> = {};

  const post = (body: Buffer | string, contentType = 'application/ocsp-request') =>
    fetch(`${env.baseUrl}/api/signing/ocsp`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const statusOf = async (response: Response) => {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/ocsp-response');
    return AsnConvert.parse(Buffer.from(await response.arrayBuffer()), ocsp.OCSPResponse).responseStatus;
  };

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    ({ admin } = await env.company('株式会社 失効確認'));
    const issue = async (name: string, email: string) => {
      const userId = (await admin.post('/api/users', { name, email, roles: ['signer'] })).body.userId;
      const issued = await admin.post('/api/certificates', { userId });
      expect(issued.status).toBe(201);
      return issued.body.serialNumber as string;
    };
    const live = await issue('有効 一郎', 'live@example.jp');
    const revoked = await issue('失効 二郎', 'revoked@example.jp');
    expect((await admin.post(`/api/certificates/${revoked}/revoke`, { reason: 'keyCompromise' })).body.status).toBe('REVOKED');
    for (const [name, serial] of [
      ['live', live],
      ['revoked', revoked],
    ] as const) {
      const [row] = await env.database.db.select().from(certificates).where(eq(certificates.serialNumber, serial));
      files[name] = tmp.file(`${name}.pem`, pem(row.certificateDer));
      if (row.revokedAt) {
        files.revokedAt = opensslTime(row.revokedAt);
      }
    }
    const [ca] = await env.database.db.select().from(platformCa);
    files.tsa = tmp.file('tsa.pem', ca.tsaCertificate);
    files.issuing = tmp.file('issuing.pem', (await env.client().get('/api/signing/ca/issuing-ca.pem')).body as string);
    files.root = tmp.file('root.pem', (await env.client().get('/api/signing/ca/root-ca.pem')).body as string);
    files.chain = tmp.file('chain.pem', `${readFileSync(files.root, 'utf8')}\n${readFileSync(files.issuing, 'utf8')}`);
  });

  afterAll(async () => {
    await env?.close();
    tmp.remove();
  });

  it('answers openssl: good for a live certificate and the TSA, revoked with its time, good for the issuing CA from the root', async () => {
    const url = `${env.baseUrl}/api/signing/ocsp`;
    // openssl sends a nonce and refuses a reply that does not echo it.
    const users = await opensslAsking([
      ...['-issuer', files.issuing, '-cert', files.live, '-cert', files.revoked, '-cert', files.tsa],
      ...['-url', url, '-CAfile', files.chain],
    ]);
    expect(users).toContain('Response verify OK');
    expect(users).not.toMatch(/WARNING|nonce/i);
    expect(users).toMatch(/live\.pem: good/);
    expect(users).toMatch(/tsa\.pem: good/);
    expect(users).toMatch(/revoked\.pem: revoked/);
    expect(users).toContain(`Revocation Time: ${files.revokedAt}`);
    expect(users).toMatch(/\tReason: keyCompromise\n/);

    const intermediate = await opensslAsking(['-issuer', files.root, '-cert', files.issuing, '-url', url, '-CAfile', files.chain]);
    expect(intermediate).toContain('Response verify OK');
    expect(intermediate).toMatch(/issuing\.pem: good/);
  });

  it('answers the RFC 6960 GET form too', async () => {
    const request = tmp.file('get.req');
    expect(runTool('openssl', ['ocsp', '-issuer', files.issuing, '-cert', files.revoked, '-no_nonce', '-reqout', request]).status).toBe(0);
    const response = await fetch(`${env.baseUrl}/api/signing/ocsp/${encodeURIComponent(readFileSync(request).toString('base64'))}`);
    expect(response.headers.get('content-type')).toBe('application/ocsp-response');
    const answer = tmp.file('get.resp', Buffer.from(await response.arrayBuffer()));
    const read = runTool('openssl', [
      'ocsp',
      ...['-issuer', files.issuing, '-cert', files.revoked, '-respin', answer, '-CAfile', files.chain, '-no_nonce'],
    ]).output;
    expect(read).toContain('Response verify OK');
    expect(read).toMatch(/revoked\.pem: revoked/);
  });

  it('answers malformed requests with an OCSP error status, refuses other media types and oversized bodies, never a 500', async () => {
    const malformed = ocsp.OCSPResponseStatus.malformedRequest;
    expect(await statusOf(await post(Buffer.from('not DER at all')))).toBe(malformed);
    expect(await statusOf(await post(Buffer.alloc(0)))).toBe(malformed);
    expect(await statusOf(await post(Buffer.from([0x30, 0x03, 0x30, 0x01, 0x00])))).toBe(malformed);
    expect(await statusOf(await fetch(`${env.baseUrl}/api/signing/ocsp/not%20base64!`))).toBe(malformed);
    expect(await statusOf(await fetch(`${env.baseUrl}/api/signing/ocsp/MAA=`))).toBe(malformed);

    const wrongType = await post('{}', 'application/json');
    expect(wrongType.status).toBe(415);
    const refusal = (await wrongType.json()) as { error: { message: { ja: string; en: string } } };
    expect(refusal.error.message.ja).toMatch(/[ぁ-んァ-ン一-龯]/);
    expect(refusal.error.message.en).toMatch(/[a-z]/);
    expect((await post(Buffer.alloc(17 * 1024, 0x30))).status).toBe(413);
  });
});
