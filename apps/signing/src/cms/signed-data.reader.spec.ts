import { createHash } from 'node:crypto';
import { Oid } from '../asn1/oids';
import { createTestPki, TestPki } from '@apps/signing/test/signing-fixtures';
import { parseTimeStampResponse, parseTimestampToken, parseTstInfo } from '../tsa/timestamp-token.reader';
import { parseSignedData } from './signed-data.reader';

/** The CMS and time-stamp readers parse with @peculiar/asn1-cms / asn1-tsp: untrusted bytes give an Error, never a TypeError. */
describe('parseSignedData and the time-stamp readers', () => {
  let pki: TestPki;
  let token: Buffer;
  const digest = createHash('sha256').update('read me').digest();

  beforeAll(async () => {
    pki = await createTestPki();
    token = pki.tsa.stampSha256(digest).token;
  });

  it('reads a token: content type, TSTInfo, certificates and the signer info, also with a PDF placeholder’s zero padding', () => {
    for (const bytes of [token, Buffer.concat([token, Buffer.alloc(512)])]) {
      const signedData = parseSignedData(bytes);
      expect(signedData.eContentType).toBe(Oid.tstInfo);
      expect(signedData.certificates[0].equals(pki.tsaCertificate.der)).toBe(true);
      const [signerInfo] = signedData.signerInfos;
      expect(signerInfo.digestAlgorithm).toBe(Oid.sha256);
      expect(signerInfo.signedAttributesSet?.[0]).toBe(0x31);
      expect([...signerInfo.signedAttributes.keys()]).toEqual(expect.arrayContaining([Oid.contentType, Oid.messageDigest]));
      expect(parseTstInfo(signedData.eContent!).hashedMessage.equals(digest)).toBe(true);
    }
    const parsed = parseTimestampToken(token);
    expect(Math.abs(parsed.tstInfo.genTime.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('refuses what is not a SignedData with an Error naming it, whatever the bytes', () => {
    const cases: [string, Buffer][] = [
      ['empty', Buffer.alloc(0)],
      ['seven bytes', Buffer.from('30050201013000', 'hex')],
      ['not DER', Buffer.from('not a signature')],
      ['cut short', token.subarray(0, token.length >> 1)],
      ['data, not signed data', Buffer.from('300d06092a864886f70d010701a000', 'hex')],
      ['signed data without content', Buffer.from('300f06092a864886f70d010702a0023000', 'hex')],
    ];
    for (const [name, bytes] of cases) {
      let thrown: unknown;
      try {
        parseSignedData(bytes);
      } catch (error) {
        thrown = error;
      }
      expect({ name, type: (thrown as Error | undefined)?.constructor.name, message: (thrown as Error | undefined)?.message }).toEqual({
        name,
        type: 'Error',
        message: expect.stringContaining('not a CMS SignedData'),
      });
    }
    expect(() => parseTstInfo(Buffer.from('30050201013000', 'hex'))).toThrow('malformed TSTInfo');
    expect(() => parseTimeStampResponse(Buffer.from('30050201013000', 'hex'))).toThrow('not a TimeStampResp');
  });

  it('reads a rejecting TimeStampResp: its status and failure bits (badDataFormat)', () => {
    const rejected = parseTimeStampResponse(pki.tsa.respond(Buffer.from('30050201013000', 'hex')));
    expect(rejected).toEqual({ status: 2, failInfo: Buffer.from([0x02, 0x04]) });
  });
});
