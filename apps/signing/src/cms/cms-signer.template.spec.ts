import { createHash, verify, X509Certificate } from 'node:crypto';
import { inspect } from 'node:util';
import { createTestPki, TestPki } from '@apps/signing/test/signing-fixtures';
import { Oid } from '../asn1/oids';
import { CadesDetachedSigner } from '../pades/cades-detached.signer';
import { CmsSignerTemplate } from './cms-signer.template';

describe('CmsSignerTemplate', () => {
  let pki: TestPki;

  beforeAll(async () => {
    pki = await createTestPki();
  });

  const digest = createHash('sha256').update('a contract').digest();

  it.each([
    ['RSA-2048', () => pki.sender],
    ['ECDSA P-256', () => pki.receiver],
  ])(
    'signs in the background (%s): the caller gets a pending promise, then the same attributes and a valid signature',
    async (_, signer) => {
      const { privateKey, der } = signer();
      const template = new CmsSignerTemplate(privateKey, [der], Oid.data);
      const pending = template.signInBackground(digest);
      // The private-key operation is on the thread pool: nothing is decided while this thread runs on.
      expect(inspect(pending, { depth: 0 })).toMatch(/^Promise \{\s*<pending>/);
      const signed = await pending;
      expect(signed.signedAttributes).toEqual(template.sign(digest).signedAttributes);
      expect(signed.signedAttributes.includes(digest)).toBe(true);
      const publicKey = new X509Certificate(der).publicKey;
      expect(verify('sha256', signed.signedAttributes, publicKey, signed.signature)).toBe(true);
      expect(verify('sha256', Buffer.concat([signed.signedAttributes, Buffer.of(0)]), publicKey, signed.signature)).toBe(false);
    },
  );

  it("gives a document's signature the background path (the TSA's ECDSA token is signed inline)", async () => {
    const background = jest.spyOn(CmsSignerTemplate.prototype, 'signInBackground');
    try {
      const signer = new CadesDetachedSigner(pki.identity(pki.sender), pki.timestamps);
      const cms = await signer.signDigest(digest);
      expect(background).toHaveBeenCalledTimes(1);
      expect(background).toHaveBeenCalledWith(digest);
      expect(cms[0]).toBe(0x30);
    } finally {
      background.mockRestore();
    }
  });

  it('refuses anything but a SHA-256 digest, before any signature is made', () => {
    const template = new CmsSignerTemplate(pki.sender.privateKey, [pki.sender.der], Oid.data);
    expect(() => template.signInBackground(Buffer.alloc(31))).toThrow('expected a SHA-256 digest');
    expect(() => template.sign(Buffer.alloc(33))).toThrow('expected a SHA-256 digest');
  });
});
