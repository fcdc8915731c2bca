import { createPrivateKey, KeyObject, randomBytes } from 'node:crypto';
import { preparePdfForSigning } from '@apps/signing/src/pades/pdf-preparation';
import { unwrapPrivateKey, wrapPrivateKey } from '@apps/signing/src/pki/private-key-wrap';
import { parseTimeStampResponse, parseTimestampToken } from '@apps/signing/src/tsa/timestamp-token.reader';
import { encodeTimeStampRequest } from '@apps/signing/src/tsa/time-stamp-request';
import { samplePdf } from '@apps/signing/test/signing-fixtures';
import { SigningEngine } from './signing-engine';

const asKey = (key: string | KeyObject): KeyObject => (typeof key === 'string' ? createPrivateKey(key) : key);

describe('SigningEngine', () => {
  it('restarts as the same CA and TSA from wrapped material, and signs what the first instance trusts', async () => {
    const first = await SigningEngine.createFresh('inkan test', 'http://127.0.0.1/crl');
    const master = randomBytes(32);
    const material = first.material();
    // Only wrapped keys would be stored.
    const wrappedIssuing = wrapPrivateKey(asKey(material.ca.issuingPrivateKey), master, 'issuing-ca');
    const wrappedTsa = wrapPrivateKey(asKey(material.tsaPrivateKey), master, 'tsa');
    const restarted = await SigningEngine.load(
      {
        ca: {
          rootCertificate: material.ca.rootCertificate,
          issuingCertificate: material.ca.issuingCertificate,
          issuingPrivateKey: unwrapPrivateKey(wrappedIssuing, master, 'issuing-ca'),
        },
        tsaCertificate: material.tsaCertificate,
        tsaPrivateKey: unwrapPrivateKey(wrappedTsa, master, 'tsa'),
      },
      'http://127.0.0.1/crl',
    );
    expect(restarted.ca.root.equal(first.ca.root)).toBe(true);

    const user = await restarted.ca.issueUserCertificate({ companyName: 'A', userName: 'B', validityDays: 10 });
    const identity = restarted.identity(user.privateKey, user.der);
    const signed = await restarted.signerFor(identity).sign((await preparePdfForSigning(await samplePdf(1))).pdf);
    const crl = (await first.ca.createCrl([], 1, { thisUpdate: new Date(Date.now() + 1000) })).der;
    const report = await first.validate(signed, [crl]);
    expect(report.allValid).toBe(true);
    expect(report.signatures[0].timestamp).toMatchObject({
      present: true,
      valid: true,
      tsa: expect.stringContaining('Time-Stamping Authority'),
    });
  });

  it('caches one signer per certificate until told to forget it, and answers timestamp queries', async () => {
    const engine = await SigningEngine.createFresh('inkan test', 'http://127.0.0.1/crl');
    const user = await engine.ca.issueUserCertificate({ companyName: 'A', userName: 'B', validityDays: 10, keyAlgorithm: 'ecdsa-p256' });
    const identity = engine.identity(user.privateKey, user.der);
    const signer = engine.signerFor(identity);
    expect(engine.signerFor(identity)).toBe(signer);
    engine.forgetSigner(user.der);
    expect(engine.signerFor(identity)).not.toBe(signer);

    const digest = randomBytes(32);
    const reply = parseTimeStampResponse(await engine.handleTimestampQuery(encodeTimeStampRequest(digest).der));
    expect(reply.status).toBe(0);
    expect(parseTimestampToken(reply.token!).tstInfo.hashedMessage.equals(digest)).toBe(true);
  });
});
