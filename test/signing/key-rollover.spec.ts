import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { HttpClient } from '@app/testing';
import { certificates } from '@apps/signing/src/database/signing.schema';
import { PlatformCaService } from '@apps/signing/src/platform/platform-ca.service';
import { parseTimeStampResponse, parseTimestampToken } from '@apps/signing/src/tsa/timestamp-token.reader';
import { runTool, tempDir } from '@apps/signing/test/signing-fixtures';
import { IdentityPlatform } from '../identity/identity-platform';

/** A tool asking the gateway in this very process runs asynchronously (spawnSync would block the loop that answers). */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 120_000, env }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error.code as number | undefined) ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

function pem(derBase64: string): string {
  return `-----BEGIN CERTIFICATE-----\n${derBase64.replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * The platform after `npm run pki:rollover -- --ca --tsa` while it runs: certificates of the old and the new issuing
 * CA answered by the OCSP responder (`openssl ocsp` through the gateway), each CA's CRL and certificate served, and
 * the TSA over HTTP stamping with the new key. Real PostgreSQL, RabbitMQ and the signing service.
 */
describe('the platform after a TSA and CA rollover', () => {
  let env: IdentityPlatform;
  let admin: HttpClient;
  const tmp = tempDir();
  const files: Record<string, string> = {};
  const serials: Record<string, string> = {};

  const issue = async (name: string, email: string) => {
    const userId = (await admin.post('/api/users', { name, email, roles: ['signer'] })).body.userId;
    const issued = await admin.post('/api/certificates', { userId });
    expect(issued.status).toBe(201);
    const serial = issued.body.serialNumber as string;
    const [row] = await env.database.db.select().from(certificates).where(eq(certificates.serialNumber, serial));
    return { serial, pem: pem(row.certificateDer) };
  };
  const download = async (path: string) => {
    const response = await fetch(`${env.baseUrl}${path}`);
    return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    env = await IdentityPlatform.start();
    ({ admin } = await env.company('株式会社 鍵更新'));
    const old = await issue('旧 一郎', 'old@example.jp');
    serials.old = old.serial;
    files.old = tmp.file('old.pem', old.pem);
    files.issuing = tmp.file('issuing.pem', (await download('/api/signing/ca/issuing-ca.pem')).body);
    files.root = tmp.file('root.pem', (await download('/api/signing/ca/root-ca.pem')).body);
    const query = tmp.file('query.tsq');
    tmp.file('data.txt', 'stamped before the rollover');
    expect(runTool('openssl', ['ts', '-query', '-data', tmp.file('data.txt'), '-sha256', '-cert', '-out', query]).status).toBe(0);
    const before = await fetch(`${env.baseUrl}/api/signing/tsa`, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: readFileSync(query),
    });
    files.oldReply = tmp.file('old.tsr', Buffer.from(await before.arrayBuffer()));
    files.query = query;

    // The operator's command, against the running platform's database; the service picks the keys up at its next check.
    const rolled = await run(process.execPath, ['-r', '@swc-node/register', 'scripts/pki-rollover.ts', '--ca', '--tsa'], {
      ...process.env,
      DATABASE_URL: env.config.DATABASE_URL,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
    });
    expect({ code: rolled.code, first: rolled.output.split('\n')[0] }).toEqual({
      code: 0,
      first: JSON.stringify({ rolledOver: { 'issuing-ca': 2, tsa: 2 } }),
    });
    const signing = env.platform.services.get('signing')!.get(PlatformCaService);
    expect(signing.engine.ca.generation).toBe(1);
    // Asked for the new CA's CRL before its next check, the service loads the new keys at once.
    expect((await download('/api/signing/crl/issuing-ca-g2.crl')).status).toBe(200);
    expect(signing.engine.ca.generation).toBe(2);
    // Its periodic check then finds nothing more to do.
    expect(await signing.checkRollover()).toEqual({});

    const fresh = await issue('新 二郎', 'new@example.jp');
    serials.new = fresh.serial;
    files.new = tmp.file('new.pem', fresh.pem);
    files.issuingG2 = tmp.file('issuing-g2.pem', (await download('/api/signing/ca/issuing-ca-g2.pem')).body);
    files.chain = tmp.file('chain.pem', [files.root, files.issuing, files.issuingG2].map((file) => readFileSync(file, 'utf8')).join('\n'));
    expect((await admin.post(`/api/certificates/${serials.old}/revoke`, { reason: 'keyCompromise' })).body.status).toBe('REVOKED');
  });

  afterAll(async () => {
    await env?.close();
    tmp.remove();
  });

  it('issues new certificates from the new CA; OCSP answers for the old CA’s and the new CA’s certificates', async () => {
    expect(new X509Certificate(readFileSync(files.new)).issuer).toContain('CN=inkan Issuing CA G2');
    expect(new X509Certificate(readFileSync(files.old)).issuer).toMatch(/CN=inkan Issuing CA$/m);
    const url = `${env.baseUrl}/api/signing/ocsp`;
    const old = await run('openssl', ['ocsp', '-issuer', files.issuing, '-cert', files.old, '-url', url, '-CAfile', files.chain]);
    expect(old.output).toContain('Response verify OK');
    expect(old.output).toMatch(/old\.pem: revoked/);
    const fresh = await run('openssl', ['ocsp', '-issuer', files.issuingG2, '-cert', files.new, '-url', url, '-CAfile', files.chain]);
    expect(fresh.output).toContain('Response verify OK');
    expect(fresh.output).toMatch(/new\.pem: good/);
    // Asked under the CA that did not issue it (name of one CA, key of the other), the responder vouches for nothing.
    const crossed = await run('openssl', ['ocsp', '-issuer', files.issuingG2, '-cert', files.old, '-url', url, '-CAfile', files.chain]);
    expect(crossed.output).toContain('Responder Error: unauthorized');
    // The root answers for both issuing CAs.
    const root = await run('openssl', [
      ...['ocsp', '-issuer', files.root, '-cert', files.issuing, '-cert', files.issuingG2],
      ...['-url', url, '-CAfile', files.chain],
    ]);
    expect(root.output).toContain('Response verify OK');
    expect(root.output).toMatch(/issuing\.pem: good/);
    expect(root.output).toMatch(/issuing-g2\.pem: good/);
  });

  it('serves a CRL for each CA, signed by it, and the CA certificates as PEM and DER', async () => {
    const crlOf = async (name: string, caFile: string) => {
      const crl = await download(`/api/signing/crl/${name}.crl`);
      expect({ name, status: crl.status, type: crl.type }).toEqual({ name, status: 200, type: 'application/pkix-crl' });
      const cas = tmp.file(`${name}-cas.pem`, [files.root, caFile].map((file) => readFileSync(file, 'utf8')).join('\n'));
      const text = runTool('openssl', [
        'crl',
        '-inform',
        'DER',
        '-in',
        tmp.file(`${name}.crl`, crl.body),
        '-CAfile',
        cas,
        '-noout',
        '-text',
      ]);
      expect({ name, verified: text.output.includes('verify OK') }).toEqual({ name, verified: true });
      return { bytes: crl.body, text: text.output };
    };
    const oldCrl = await crlOf('issuing-ca', files.issuing);
    expect(oldCrl.text).toContain(`Serial Number: ${serials.old}`);
    expect(oldCrl.text).toMatch(/Issuer: C = JP, O = inkan, CN = inkan Issuing CA\n/);
    const newCrl = await crlOf('issuing-ca-g2', files.issuingG2);
    expect(newCrl.text).toContain('No Revoked Certificates.');
    const rootCrl = await crlOf('root-ca', files.root);
    expect(rootCrl.text).toContain('Issuer: C = JP, O = inkan, CN = inkan Root CA');
    // Cached: asked again, the same CRL; after a revocation of a new-CA certificate, a new one that lists it.
    expect((await download('/api/signing/crl/issuing-ca-g2.crl')).body.equals(newCrl.bytes)).toBe(true);
    expect((await admin.post(`/api/certificates/${serials.new}/revoke`, { reason: 'superseded' })).body.status).toBe('REVOKED');
    expect((await crlOf('issuing-ca-g2', files.issuingG2)).text).toContain(`Serial Number: ${serials.new}`);

    for (const missing of ['issuing-ca-g3.crl', 'other.crl', 'issuing-ca.pem']) {
      const response = await fetch(`${env.baseUrl}/api/signing/crl/${missing}`);
      expect({ missing, status: response.status }).toEqual({ missing, status: 404 });
      const { error } = (await response.json()) as { error: { message: { ja: string; en: string } } };
      expect(error.message.ja).toMatch(/[ぁ-んァ-ン一-龯]/);
      expect(error.message.en).toMatch(/[a-z]/);
    }
    const der = await download('/api/signing/ca/issuing-ca-g2.cer');
    expect(der.type).toBe('application/pkix-cert');
    expect(new X509Certificate(der.body).raw.equals(new X509Certificate(readFileSync(files.issuingG2)).raw)).toBe(true);
    expect((await download('/api/signing/ca/root-ca.cer')).status).toBe(200);
    expect((await download('/api/signing/ca/issuing-ca-g7.pem')).status).toBe(404);
  });

  it('stamps with the new TSA key over HTTP; tokens of the old and the new key both verify with openssl', async () => {
    const after = await fetch(`${env.baseUrl}/api/signing/tsa`, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: readFileSync(files.query),
    });
    const newReply = Buffer.from(await after.arrayBuffer());
    files.newReply = tmp.file('new.tsr', newReply);
    const signerOf = (reply: string) =>
      new X509Certificate(parseTimestampToken(parseTimeStampResponse(readFileSync(reply)).token!).signedData.certificates[0]).subject;
    expect(signerOf(files.oldReply)).toMatch(/CN=inkan Time-Stamping Authority$/m);
    expect(signerOf(files.newReply)).toContain('CN=inkan Time-Stamping Authority G2');
    for (const reply of [files.oldReply, files.newReply]) {
      const verified = runTool('openssl', [
        ...['ts', '-verify', '-in', reply, '-queryfile', files.query],
        ...['-CAfile', files.root, '-untrusted', files.chain],
      ]);
      expect({ reply, output: verified.output }).toEqual({ reply, output: expect.stringContaining('Verification: OK') });
    }
  });
});
