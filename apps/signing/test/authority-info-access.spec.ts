import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadConfig } from '@app/config';
import { SigningEngine } from '@apps/signing/src/engine/signing-engine';
import { preparePdfForSigning } from '@apps/signing/src/pades/pdf-preparation';
import { IssuedCertificate } from '@apps/signing/src/pki/certificate-authority';
import { OcspCertificateStatus, OcspResponder } from '@apps/signing/src/pki/ocsp-responder';
import { platformAccessUrls } from '@apps/signing/src/platform/platform-keys';
import { nssDatabaseTrusting, runTool, samplePdf, tempDir } from './signing-fixtures';

/** pdfsig asks the responder this process serves: run it asynchronously (spawnSync would block the loop that answers). */
function pdfsig(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile('pdfsig', args, { timeout: 60_000 }, (_error, stdout, stderr) => resolve(`${stdout}${stderr}`));
  });
}

/**
 * Authority Information Access in issued certificates: the OCSP URL and caIssuers. pdfsig's online revocation check
 * follows the OCSP URL — here to a responder on 127.0.0.1 that this test runs (no traffic leaves loopback).
 */
describe('Authority Information Access (OCSP and caIssuers URLs)', () => {
  const tmp = tempDir();
  let server: Server;
  let engine: SigningEngine;
  let signer: IssuedCertificate;
  let status: OcspCertificateStatus = { status: 'good' };
  const asked: string[] = [];

  let responder: OcspResponder | undefined;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        asked.push(`${request.method} ${request.url?.split('/').slice(0, 2).join('/')}`);
        const der =
          request.method === 'GET' ? Buffer.from(decodeURIComponent(request.url!.slice('/ocsp/'.length)), 'base64') : Buffer.concat(chunks);
        void responder!.respond(der).then((answer) => response.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(answer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    engine = await SigningEngine.createFresh('inkan aia', `${base}/crl`, { access: { ocspUrl: `${base}/ocsp`, caBaseUrl: `${base}/ca` } });
    const ca = engine.ca;
    responder = new OcspResponder([
      { certificate: Buffer.from(ca.issuingCertificate.rawData), privateKey: ca.issuingPrivateKey, status: () => Promise.resolve(status) },
      {
        certificate: Buffer.from(ca.root.rawData),
        privateKey: ca.rootPrivateKey!,
        status: () => Promise.resolve({ status: 'good' }),
      },
    ]);
    signer = await ca.issueUserCertificate({ companyName: '株式会社 所在', userName: '情報 太郎', validityDays: 30 });
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    tmp.remove();
  });

  it('is on by default, off under NODE_ENV=test unless SIGNING_CERT_AIA=true, and names PUBLIC_BASE_URL', () => {
    const base = { PUBLIC_BASE_URL: 'https://inkan.example/' };
    expect(platformAccessUrls(loadConfig({ ...base, NODE_ENV: 'development' }))).toEqual({
      ocspUrl: 'https://inkan.example/api/signing/ocsp',
      caBaseUrl: 'https://inkan.example/api/signing/ca',
    });
    expect(platformAccessUrls(loadConfig({ ...base, NODE_ENV: 'test' }))).toBeUndefined();
    expect(platformAccessUrls(loadConfig({ ...base, NODE_ENV: 'test', SIGNING_CERT_AIA: 'true' }))).toBeDefined();
    expect(platformAccessUrls(loadConfig({ ...base, NODE_ENV: 'development', SIGNING_CERT_AIA: 'false' }))).toBeUndefined();
    expect(() => loadConfig({ SIGNING_CERT_AIA: 'yes' })).toThrow('SIGNING_CERT_AIA: must be "true" or "false"');
  });

  it('user and issuing CA certificates name the OCSP responder and their issuer certificate', () => {
    const text = (pem: string) => runTool('openssl', ['x509', '-noout', '-text', '-in', tmp.file('c.pem', pem)]).output;
    const base = new URL(engine.ca.crlBaseUrl).origin;
    const user = text(new X509Certificate(signer.der).toString());
    expect(user).toContain(`OCSP - URI:${base}/ocsp`);
    expect(user).toContain(`CA Issuers - URI:${base}/ca/issuing-ca.cer`);
    const issuing = text(engine.ca.issuingCertificate.toString('pem'));
    expect(issuing).toContain(`OCSP - URI:${base}/ocsp`);
    expect(issuing).toContain(`CA Issuers - URI:${base}/ca/root-ca.cer`);
  });

  it("pdfsig's online check asks the responder: trusted while good, revoked once it answers so", async () => {
    const pdf = await engine
      .signerFor(engine.identity(signer.privateKey, signer.der))
      .sign((await preparePdfForSigning(await samplePdf(1))).pdf);
    const nssdb = nssDatabaseTrusting(tmp.dir, engine.ca.root.toString('pem'));
    const file = tmp.file('aia.pdf', pdf);
    const good = await pdfsig(['-nssdir', nssdb, file]);
    expect(good).toContain('Signature is Valid.');
    expect(good).toContain('Certificate is Trusted.');
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((line) => /^(GET|POST) \/ocsp$/.test(line))).toBe(true);

    status = { status: 'revoked', revokedAt: new Date(Date.now() - 60_000), reason: 'keyCompromise' };
    const revoked = await pdfsig(['-nssdir', nssdb, file]);
    expect(revoked).toContain('Signature is Valid.');
    expect(revoked).toContain('Certificate has been Revoked.');
    // -no-ocsp skips the online check (what to use where the responder cannot be reached).
    const before = asked.length;
    expect(await pdfsig(['-nssdir', nssdb, '-no-ocsp', file])).toContain('Certificate is Trusted.');
    expect(asked.length).toBe(before);
  });
});
