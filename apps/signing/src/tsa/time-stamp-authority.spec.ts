import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createTestPki, runTool, samplePdf, tempDir, TestPki } from '@apps/signing/test/signing-fixtures';
import { PadesSigner } from '../pades/pades.signer';
import { preparePdfForSigning } from '../pades/pdf-preparation';
import { validatePdfSignatures } from '../validation/pdf-signature.validator';
import { verifyTimestampToken } from '../validation/timestamp.verifier';
import { DEFAULT_TSA_POLICY } from './time-stamp-authority';
import { TIMESTAMP_QUERY_CONTENT_TYPE, TIMESTAMP_REPLY_CONTENT_TYPE, timestampQueryHandler } from './timestamp-query.handler';
import { parseTimeStampResponse, parseTimestampToken } from './timestamp-token.reader';
import { HttpTsaClient, TsaRequestError } from './tsa-http.client';

describe('TimeStampAuthority (RFC 3161)', () => {
  let pki: TestPki;
  const tmp = tempDir();
  let server: Server;
  let url: string;

  beforeAll(async () => {
    pki = await createTestPki();
    tmp.file('root.pem', pki.ca.root.toString('pem'));
    tmp.file('issuing.pem', pki.ca.issuingCertificate.toString('pem'));
    tmp.file('data.txt', 'the signature value to stamp');
    const handleTimestampQuery = timestampQueryHandler(pki.tsa);
    // The HTTP transport as the gateway will expose it; here a bare node:http server.
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.headers['content-type'] !== TIMESTAMP_QUERY_CONTENT_TYPE) {
          response.writeHead(415).end();
          return;
        }
        void handleTimestampQuery(Buffer.concat(chunks)).then((reply) => {
          response.writeHead(200, { 'content-type': TIMESTAMP_REPLY_CONTENT_TYPE }).end(reply);
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  });

  afterAll(async () => {
    tmp.remove();
    await new Promise((resolve) => server.close(resolve));
  });

  function opensslQuery(name: string, extra: string[] = []): string {
    const query = tmp.file(name);
    const { status } = runTool('openssl', ['ts', '-query', '-data', tmp.file('data.txt'), '-sha256', '-cert', ...extra, '-out', query]);
    expect(status).toBe(0);
    return query;
  }

  it('answers an openssl ts -query; openssl ts -verify accepts the reply against the query (imprint, nonce, chain)', () => {
    const query = opensslQuery('query.tsq');
    const reply = tmp.file('reply.tsr', pki.tsa.respond(readFileSync(query)));
    const text = runTool('openssl', ['ts', '-reply', '-in', reply, '-text']).output;
    expect(text).toContain('Status: Granted.');
    expect(text).toContain(`Policy OID: ${DEFAULT_TSA_POLICY}`);
    expect(text).toMatch(/Nonce: 0x[0-9A-F]+/);
    const verified = runTool('openssl', [
      'ts',
      '-verify',
      '-in',
      reply,
      '-queryfile',
      query,
      '-CAfile',
      tmp.file('root.pem'),
      '-untrusted',
      tmp.file('issuing.pem'),
    ]);
    expect(verified.output).toContain('Verification: OK');
    expect(verified.status).toBe(0);
    // The same reply does not verify against another query (other nonce).
    const other = opensslQuery('other.tsq');
    expect(
      runTool('openssl', [
        'ts',
        '-verify',
        '-in',
        reply,
        '-queryfile',
        other,
        '-CAfile',
        tmp.file('root.pem'),
        '-untrusted',
        tmp.file('issuing.pem'),
      ]).status,
    ).not.toBe(0);
  });

  it('leaves the certificate out when the query does not ask for it', () => {
    const query = tmp.file('nocert.tsq');
    runTool('openssl', ['ts', '-query', '-data', tmp.file('data.txt'), '-sha256', '-out', query]);
    const { token } = parseTimeStampResponse(pki.tsa.respond(readFileSync(query)));
    expect(parseTimestampToken(token!).signedData.certificates).toHaveLength(0);
  });

  it('rejects a garbage request, an unknown policy and an unsupported hash with a TimeStampResp, not an exception', () => {
    const garbage = parseTimeStampResponse(pki.tsa.respond(Buffer.from('not DER')));
    expect(garbage.status).toBe(2);
    expect(garbage.token).toBeUndefined();
    const policy = opensslQuery('policy.tsq', ['-tspolicy', '1.2.3.4']);
    expect(
      runTool('openssl', ['ts', '-reply', '-in', tmp.file('policy.tsr', pki.tsa.respond(readFileSync(policy))), '-text']).output,
    ).toContain('the requested TSA policy is not supported by the TSA');
    const md5 = tmp.file('md5.tsq');
    runTool('openssl', ['ts', '-query', '-data', tmp.file('data.txt'), '-md5', '-out', md5]);
    expect(runTool('openssl', ['ts', '-reply', '-in', tmp.file('md5.tsr', pki.tsa.respond(readFileSync(md5))), '-text']).output).toContain(
      'unrecognized or unsupported algorithm identifier',
    );
  });

  it('answers malformed requests (the 7-byte 30 05 02 01 01 30 00, cut short, trailing bytes) with badDataFormat, a version 2 request with badRequest', () => {
    const valid = readFileSync(opensslQuery('for-malformed.tsq'));
    const version2 = Buffer.from(valid);
    version2[version2.indexOf(Buffer.from([0x02, 0x01, 0x01]), 0) + 2] = 2;
    const cases: [string, Buffer, string][] = [
      ['seven-byte', Buffer.from('30050201013000', 'hex'), 'the data submitted has the wrong format'],
      ['empty', Buffer.alloc(0), 'the data submitted has the wrong format'],
      ['cut', valid.subarray(0, valid.length - 3), 'the data submitted has the wrong format'],
      ['trailing', Buffer.concat([valid, Buffer.from([0, 0])]), 'the data submitted has the wrong format'],
      ['imprint-length', Buffer.from('3011020101300c300b0609608648016503040201', 'hex'), 'the data submitted has the wrong format'],
      ['version2', version2, 'transaction not permitted or supported'],
    ];
    for (const [name, request, failure] of cases) {
      const reply = pki.tsa.respond(request);
      const parsed = parseTimeStampResponse(reply);
      expect({ name, status: parsed.status, token: parsed.token }).toEqual({ name, status: 2, token: undefined });
      const text = runTool('openssl', ['ts', '-reply', '-in', tmp.file(`${name}.tsr`, reply), '-text']).output;
      expect({ name, text }).toEqual({ name, text: expect.stringContaining(failure) });
    }
  });

  it('serves application/timestamp-query over HTTP to our client, which checks imprint, nonce and chain', async () => {
    const digest = createHash('sha256').update('signature value').digest();
    const client = new HttpTsaClient({ url, trustedRoots: pki.roots });
    const token = await client.timestampSha256(digest);
    const check = verifyTimestampToken(token, { sha256: digest }, pki.roots);
    expect(check).toMatchObject({ valid: true, imprintMatches: true, signatureValid: true, timeStampingUsage: true });
    expect(Math.abs(Date.parse(check.time!) - Date.now())).toBeLessThan(60_000);
  });

  it('the client refuses a TSA that does not chain to the trusted roots, and a TSA that refuses', async () => {
    const other = await createTestPki();
    const digest = createHash('sha256').update('x').digest();
    const untrusted = new HttpTsaClient({ url, trustedRoots: other.roots });
    await expect(untrusted.timestampSha256(digest)).rejects.toThrow(TsaRequestError);
    const wrongPolicy = new HttpTsaClient({ url, policy: '1.2.3.4' });
    await expect(wrongPolicy.timestampSha256(digest)).rejects.toThrow(/refused/);
  });

  it('an HTTP TSA can replace the in-process one for PAdES B-T signatures', async () => {
    const pdf = (await preparePdfForSigning(await samplePdf(1))).pdf;
    const signer = new PadesSigner(pki.identity(pki.sender), new HttpTsaClient({ url, trustedRoots: pki.roots }));
    const signed = await signer.sign(pdf);
    const crl = (await pki.ca.createCrl([], 1, { thisUpdate: new Date(Date.now() + 1000) })).der;
    const [report] = (await validatePdfSignatures(signed, { roots: pki.roots, crls: [crl] })).signatures;
    expect(report).toMatchObject({ status: 'valid', format: { level: 'PAdES-B-T' }, signingTime: { basis: 'timestamp' } });
  });

  it('a token is bound to what it stamps', () => {
    const token = pki.tsa.stampSha256(createHash('sha256').update('a').digest()).token;
    expect(verifyTimestampToken(token, { data: Buffer.from('a') }, pki.roots).valid).toBe(true);
    expect(verifyTimestampToken(token, { data: Buffer.from('b') }, pki.roots).imprintMatches).toBe(false);
    expect(verifyTimestampToken(token, { data: Buffer.from('a') }, [new X509Certificate(pki.sender.der)]).valid).toBe(false);
  });
});
