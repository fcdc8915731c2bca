import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import * as ocsp from '@peculiar/asn1-ocsp';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Extension } from '@peculiar/asn1-x509';
import { runTool, tempDir } from '@apps/signing/test/signing-fixtures';
import { CertificateAuthority } from './certificate-authority';
import { OcspCertificateStatus, OcspResponder } from './ocsp-responder';

/**
 * What `openssl ocsp` reports about a response, checked against the CA chain.
 * (With -cert, openssl builds a new request and ignores -reqin, so the nonce
 * is compared by `nonceOf` here and by openssl itself in the HTTP test.)
 */
function opensslReads(files: { issuer: string; cert: string; chain: string; response: string }): string {
  const args = ['ocsp', '-issuer', files.issuer, '-cert', files.cert, '-CAfile', files.chain, '-respin', files.response];
  return runTool('openssl', [...args, '-no_nonce', '-resp_text']).output;
}

function nonceOf(extensions: readonly Extension[] | undefined): string | undefined {
  const nonce = extensions?.find((extension) => extension.extnID === ocsp.id_pkix_ocsp_nonce);
  return nonce ? Buffer.from(nonce.extnValue.buffer).toString('hex') : undefined;
}

function responseStatus(der: Buffer): ocsp.OCSPResponseStatus {
  return AsnConvert.parse(der, ocsp.OCSPResponse).responseStatus;
}

describe('OcspResponder', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it('answers good, revoked with its time, and unknown, signed by the issuing CA, in what openssl verifies', async () => {
    const ca = await CertificateAuthority.create({ organization: 'inkan ocsp test', crlBaseUrl: 'http://127.0.0.1/crl' });
    const [live, revoked, neverRecorded] = await Promise.all(
      ['生きている 証明書', '失効 証明書', '記録なし'].map((name) =>
        ca.issueUserCertificate({ companyName: '株式会社 検証', userName: name, validityDays: 30 }),
      ),
    );
    const revokedAt = new Date('2026-11-20T08:30:15Z');
    const records = new Map<string, OcspCertificateStatus>([
      [live.serialNumber.toUpperCase(), { status: 'good' }],
      [revoked.serialNumber.toUpperCase(), { status: 'revoked', revokedAt, reason: 'keyCompromise' }],
    ]);
    const asked: string[] = [];
    const responder = new OcspResponder([
      {
        certificate: Buffer.from(ca.issuingCertificate.rawData),
        privateKey: ca.issuingPrivateKey,
        status: (serial) => {
          asked.push(serial);
          return Promise.resolve(records.get(serial) ?? { status: 'unknown' });
        },
      },
    ]);
    const issuer = tmp.file('issuing.pem', ca.issuingCertificate.toString('pem'));
    const chain = tmp.file('chain.pem', `${ca.root.toString('pem')}\n${ca.issuingCertificate.toString('pem')}`);
    const ask = async (name: string, der: Buffer) => {
      const cert = tmp.file(`${name}.pem`, `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`);
      const request = tmp.file(`${name}.req`);
      expect(runTool('openssl', ['ocsp', '-issuer', issuer, '-cert', cert, '-reqout', request]).status).toBe(0);
      const answer = await responder.respond(readFileSync(request));
      const basic = AsnConvert.parse(AsnConvert.parse(answer, ocsp.OCSPResponse).responseBytes!.response.buffer, ocsp.BasicOCSPResponse);
      const sent = nonceOf(AsnConvert.parse(readFileSync(request), ocsp.OCSPRequest).tbsRequest.requestExtensions);
      expect(sent).toMatch(/^[0-9a-f]{20,}$/);
      expect(nonceOf(basic.tbsResponseData.responseExtensions)).toBe(sent);
      return opensslReads({ issuer, cert, chain, response: tmp.file(`${name}.resp`, answer) });
    };

    const good = await ask('live', live.der);
    expect(good).toContain('Response verify OK');
    expect(good).toMatch(/live\.pem: good/);

    const bad = await ask('revoked', revoked.der);
    expect(bad).toContain('Response verify OK');
    expect(bad).toMatch(/revoked\.pem: revoked/);
    expect(bad).toContain('Revocation Time: Nov 20 08:30:15 2026 GMT');
    expect(bad).toContain('Revocation Reason: keyCompromise (0x1)');

    const unknown = await ask('unrecorded', neverRecorded.der);
    expect(unknown).toContain('Response verify OK');
    expect(unknown).toMatch(/unrecorded\.pem: unknown/);
    expect(asked).toEqual([live, revoked, neverRecorded].map((entry) => entry.serialNumber.toUpperCase()));

    // What a DSS will embed: the same answer without a nonce, for the certificate itself.
    const embedded = tmp.file('embedded.resp', await responder.responseFor(revoked.der));
    const read = opensslReads({ issuer, cert: tmp.file('revoked2.pem', revoked.certificate.toString('pem')), chain, response: embedded });
    expect(read).toContain('Response verify OK');
    expect(read).toMatch(/revoked2\.pem: revoked/);
  });

  it('answers malformed, foreign and failing requests with an OCSP error status, never by throwing', async () => {
    const ca = await CertificateAuthority.create({ organization: 'inkan ocsp test', crlBaseUrl: 'http://127.0.0.1/crl' });
    const other = await CertificateAuthority.create({ organization: 'someone else', crlBaseUrl: 'http://127.0.0.1/crl' });
    const errors: unknown[] = [];
    let failing = false;
    const responder = new OcspResponder(
      [
        {
          certificate: Buffer.from(ca.issuingCertificate.rawData),
          privateKey: ca.issuingPrivateKey,
          status: () => (failing ? Promise.reject(new Error('database down')) : Promise.resolve({ status: 'good' })),
        },
      ],
      { onLookupError: (error) => errors.push(error) },
    );
    const requestFor = async (authority: CertificateAuthority) => {
      const user = await authority.issueUserCertificate({ companyName: '株式会社 検証', userName: '誰か', validityDays: 30 });
      const cert = tmp.file('user.pem', user.certificate.toString('pem'));
      const issuer = tmp.file('issuer.pem', authority.issuingCertificate.toString('pem'));
      const request = tmp.file('user.req');
      expect(runTool('openssl', ['ocsp', '-issuer', issuer, '-cert', cert, '-reqout', request]).status).toBe(0);
      return readFileSync(request);
    };

    for (const garbage of [
      Buffer.alloc(0),
      Buffer.from('not DER at all'),
      Buffer.from([0x30, 0x82, 0xff, 0xff, 0x01]),
      Buffer.from([0x30, 0x00]),
    ]) {
      expect(responseStatus(await responder.respond(garbage))).toBe(ocsp.OCSPResponseStatus.malformedRequest);
    }
    const ours = await requestFor(ca);
    // A request cut short is malformed too.
    expect(responseStatus(await responder.respond(ours.subarray(0, ours.length - 3)))).toBe(ocsp.OCSPResponseStatus.malformedRequest);
    // Another CA's certificate: not ours to answer.
    expect(responseStatus(await responder.respond(await requestFor(other)))).toBe(ocsp.OCSPResponseStatus.unauthorized);
    // Our records unreachable: try later, and the caller hears why.
    failing = true;
    expect(responseStatus(await responder.respond(ours))).toBe(ocsp.OCSPResponseStatus.tryLater);
    expect(errors).toHaveLength(1);
    failing = false;
    expect(responseStatus(await responder.respond(ours))).toBe(ocsp.OCSPResponseStatus.successful);
  });
});
