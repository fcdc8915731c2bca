import { createHash } from 'node:crypto';
import { Oid } from '@apps/signing/src/asn1/oids';
import {
  createTestPki,
  nssDatabaseTrusting,
  runTool,
  samplePdf,
  signatureParts,
  tempDir,
  TestPki,
} from '@apps/signing/test/signing-fixtures';
import { validatePdfSignatures } from '../validation/pdf-signature.validator';
import { PadesSigner } from './pades.signer';
import { preparePdfForSigning } from './pdf-preparation';

/** Real validators only: poppler's pdfsig with our root in a fresh NSS database, OpenSSL and qpdf. */
describe('PadesSigner: a two-party contract checked by pdfsig, openssl and qpdf', () => {
  let pki: TestPki;
  let twoParty: Buffer;
  let original: Buffer;
  const tmp = tempDir();
  let nssdb: string;

  beforeAll(async () => {
    pki = await createTestPki();
    original = (await preparePdfForSigning(await samplePdf(2))).pdf;
    const senderSigned = await new PadesSigner(pki.identity(pki.sender), pki.timestamps).sign(original, {
      name: 'U000001',
      reason: 'Contract',
    });
    twoParty = await new PadesSigner(pki.identity(pki.receiver), pki.timestamps).sign(senderSigned, { name: 'U000002' });
    tmp.file('two-party.pdf', twoParty);
    tmp.file('root.pem', pki.ca.root.toString('pem'));
    tmp.file('issuing.pem', pki.ca.issuingCertificate.toString('pem'));
    tmp.file('chain.pem', `${pki.ca.root.toString('pem')}\n${pki.ca.issuingCertificate.toString('pem')}\n`);
    nssdb = nssDatabaseTrusting(tmp.dir, pki.ca.root.toString('pem'));
  });

  afterAll(() => tmp.remove());

  it('keeps the registered original as the first revision, byte for byte', () => {
    expect(twoParty.subarray(0, original.length).equals(original)).toBe(true);
  });

  it('pdfsig: both signatures valid and trusted, the first over an earlier revision, the second over the whole file', () => {
    const { status, output } = runTool('pdfsig', ['-nssdir', nssdb, tmp.file('two-party.pdf')]);
    expect(status).toBe(0);
    const blocks = output.split(/Signature #\d+:/).slice(1);
    expect(blocks).toHaveLength(2);
    for (const block of blocks) {
      expect(block).toContain('Signature Validation: Signature is Valid.');
      expect(block).toContain('Certificate Validation: Certificate is Trusted.');
      expect(block).toContain('Signature Type: ETSI.CAdES.detached');
    }
    expect(blocks[0]).toContain('Signer Certificate Common Name: 山田 太郎');
    expect(blocks[0]).toContain('Not total document signed');
    expect(blocks[1]).toContain('Signer Certificate Common Name: 佐藤 花子');
    expect(blocks[1]).toContain('Total document signed');
  });

  it('pdfsig does not trust the signatures with an empty NSS database (the trust comes from our root)', () => {
    const other = tempDir();
    try {
      const db = `sql:${other.dir}`;
      runTool('certutil', ['-N', '-d', db, '--empty-password']);
      const { output } = runTool('pdfsig', ['-nssdir', db, tmp.file('two-party.pdf')]);
      expect(output).toContain('Signature is Valid.');
      expect(output).not.toContain('Certificate is Trusted.');
    } finally {
      other.remove();
    }
  });

  it('openssl cms -verify accepts each CMS over its byte range; PAdES attributes, no signing-time', () => {
    const parts = signatureParts(twoParty);
    expect(parts).toHaveLength(2);
    parts.forEach((part, i) => {
      const cms = tmp.file(`sig${i}.der`, part.cms);
      const content = tmp.file(`signed${i}.bin`, part.signedBytes);
      const args = [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        cms,
        '-content',
        content,
        '-CAfile',
        tmp.file('chain.pem'),
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ];
      const { status, output } = runTool('openssl', args);
      expect(output).toContain('Verification successful');
      expect(status).toBe(0);
      expect(part.signedAttributeTypes.sort()).toEqual([Oid.contentType, Oid.messageDigest, Oid.signingCertificateV2].sort());
    });
    // A changed byte in the signed content must fail the same command.
    const tampered = Buffer.from(parts[0].signedBytes);
    tampered[100] ^= 1;
    const { status } = runTool('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      tmp.file('sig0.der'),
      '-content',
      tmp.file('tampered.bin', tampered),
      '-CAfile',
      tmp.file('chain.pem'),
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    expect(status).not.toBe(0);
  });

  it('openssl ts -verify accepts each signature timestamp token over the SHA-256 of the signature value', () => {
    signatureParts(twoParty).forEach((part, i) => {
      expect(part.token).toBeDefined();
      const token = tmp.file(`token${i}.der`, part.token);
      const digest = createHash('sha256').update(part.signatureValue).digest('hex');
      const args = [
        'ts',
        '-verify',
        '-token_in',
        '-in',
        token,
        '-digest',
        digest,
        '-CAfile',
        tmp.file('root.pem'),
        '-untrusted',
        tmp.file('issuing.pem'),
      ];
      const { status, output } = runTool('openssl', args);
      expect(output).toContain('Verification: OK');
      expect(status).toBe(0);
      const wrong = runTool('openssl', [...args.slice(0, 6), createHash('sha256').update('other').digest('hex'), ...args.slice(7)]);
      expect(wrong.status).not.toBe(0);
    });
  });

  it('qpdf --check finds no error and no warning', () => {
    const { status, output } = runTool('qpdf', ['--check', tmp.file('two-party.pdf')]);
    expect(output).toContain('No syntax or stream encoding errors found');
    expect(output).not.toContain('WARNING');
    expect(status).toBe(0);
  });

  it('our validator agrees: both valid B-T signatures, the first followed only by a signature', async () => {
    const crl = await pki.ca.createCrl([], 1);
    const report = await validatePdfSignatures(twoParty, { roots: pki.roots, crls: [crl.der] });
    expect(report.allValid).toBe(true);
    expect(report.signatures.map((s) => [s.signer?.commonName, s.status, s.format.level, s.coverage.laterChanges.verdict])).toEqual([
      ['山田 太郎', 'valid', 'PAdES-B-T', 'signatures-only'],
      ['佐藤 花子', 'valid', 'PAdES-B-T', 'none'],
    ]);
    expect(report.signatures[0].signer?.organization).toBe('株式会社元請建設');
    expect(report.signatures[0].signer?.department).toBe('購買部');
  });

  it('signs a prepared PDF that regained a final end-of-line (e.g. through a download) without qpdf warnings', async () => {
    const signed = await new PadesSigner(pki.identity(pki.sender), pki.timestamps).sign(Buffer.concat([original, Buffer.from('\r\n')]));
    const { status, output } = runTool('qpdf', ['--check', tmp.file('eol.pdf', signed)]);
    expect(output).not.toContain('WARNING');
    expect(status).toBe(0);
    expect(runTool('pdfsig', ['-nssdir', nssdb, tmp.file('eol.pdf')]).output).toContain('Signature is Valid.');
  });

  it('without a timestamp source it signs B-B, still valid for pdfsig', async () => {
    const signed = await new PadesSigner(pki.identity(pki.sender), undefined).sign(original);
    expect(signatureParts(signed)[0].token).toBeUndefined();
    const { output } = runTool('pdfsig', ['-nssdir', nssdb, tmp.file('bb.pdf', signed)]);
    expect(output).toContain('Signature is Valid.');
    expect(output).toContain('Certificate is Trusted.');
  });
});
