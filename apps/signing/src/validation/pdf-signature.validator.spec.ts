import { X509Certificate } from 'node:crypto';
import { PadesSigner } from '@apps/signing/src/pades/pades.signer';
import { preparePdfForSigning } from '@apps/signing/src/pades/pdf-preparation';
import { CertificateAuthority } from '@apps/signing/src/pki/certificate-authority';
import { createTestPki, samplePdf, TestPki } from '@apps/signing/test/signing-fixtures';
import { validatePdfSignatures } from './pdf-signature.validator';

describe('validatePdfSignatures', () => {
  let pki: TestPki;
  let original: Buffer;
  let senderSigned: Buffer;
  let twoParty: Buffer;

  beforeAll(async () => {
    pki = await createTestPki();
    original = (await preparePdfForSigning(await samplePdf(1))).pdf;
    senderSigned = await new PadesSigner(pki.identity(pki.sender), pki.timestamps).sign(original);
    twoParty = await new PadesSigner(pki.identity(pki.receiver), pki.timestamps).sign(senderSigned);
  });

  async function crl(revoked: { serialNumber: string; revokedAt: Date }[] = [], thisUpdate = new Date(Date.now() + 1000)) {
    // Issued after the signatures, as the service's current CRL would be.
    return (await pki.ca.createCrl(revoked, 2, { thisUpdate })).der;
  }

  it('reports a readable, JSON-serialisable report for a valid two-party PDF', async () => {
    const report = await validatePdfSignatures(twoParty, { roots: pki.roots, crls: [await crl()] });
    const json = JSON.parse(JSON.stringify(report)) as typeof report;
    expect(json.signatureCount).toBe(2);
    expect(json.allValid).toBe(true);
    const [first, second] = json.signatures;
    expect(first.summary).toContain('山田 太郎 (株式会社元請建設)');
    expect(first.summary).toContain('later changes: signatures-only');
    expect(first.coverage.coversWholeDocument).toBe(false);
    expect(first.coverage.revisionEnd).toBe(senderSigned.length);
    expect(second.coverage.coversWholeDocument).toBe(true);
    expect(first.signingTime.basis).toBe('timestamp');
    expect(first.timestamp).toMatchObject({
      valid: true,
      imprintMatches: true,
      timeStampingUsage: true,
      tsa: expect.stringContaining('TSA'),
    });
    expect(first.chain.path).toEqual([
      expect.stringContaining('CN=山田 太郎'),
      expect.stringContaining('Issuing CA'),
      expect.stringContaining('Root CA'),
    ]);
    expect(first.revocation.status).toBe('good');
    expect(first.format).toEqual({
      subFilter: 'ETSI.CAdES.detached',
      level: 'PAdES-B-T',
      signingCertificateV2: 'matches',
      signingTimeAttribute: false,
    });
  });

  it('shows a certificate revoked before signing as revoked, the signature invalid', async () => {
    const report = await validatePdfSignatures(twoParty, {
      roots: pki.roots,
      crls: [await crl([{ serialNumber: pki.receiver.serialNumber, revokedAt: new Date(Date.now() - 3_600_000) }])],
    });
    expect(report.signatures[0].status).toBe('valid');
    expect(report.signatures[1].revocation.status).toBe('revoked');
    expect(report.signatures[1].status).toBe('invalid');
    expect(report.allValid).toBe(false);
  });

  it('keeps a signature valid when its certificate was revoked only after the timestamped signing time', async () => {
    const report = await validatePdfSignatures(twoParty, {
      roots: pki.roots,
      crls: [
        await crl([{ serialNumber: pki.sender.serialNumber, revokedAt: new Date(Date.now() + 60_000) }], new Date(Date.now() + 90_000)),
      ],
      now: new Date(Date.now() + 120_000),
    });
    expect(report.signatures[0].revocation.status).toBe('revoked-after-signing');
    expect(report.signatures[0].status).toBe('valid');
  });

  it('without a CRL the revocation is unknown and the result indeterminate, not valid', async () => {
    const report = await validatePdfSignatures(twoParty, { roots: pki.roots });
    expect(report.signatures.map((signature) => [signature.revocation.status, signature.status])).toEqual([
      ['unknown', 'indeterminate'],
      ['unknown', 'indeterminate'],
    ]);
  });

  it('shows an integrity failure when a signed byte changes', async () => {
    const tampered = Buffer.from(twoParty);
    // Byte 5 (the version digit of %PDF-1.x) lies in the first range of both signatures.
    tampered[5] ^= 0x01;
    const report = await validatePdfSignatures(tampered, { roots: pki.roots, crls: [await crl()] });
    for (const signature of report.signatures) {
      expect(signature.integrity).toEqual({ intact: false, digestMatches: false, signatureValid: true });
      expect(signature.status).toBe('invalid');
    }
  });

  it('flags content appended after a signature that is not a signature', async () => {
    const object = '\n99 0 obj\n<< /Type /Annot /Subtype /Text /Contents (changed after signing) >>\nendobj\n';
    const modified = Buffer.concat([senderSigned, Buffer.from(object)]);
    const report = await validatePdfSignatures(modified, { roots: pki.roots, crls: [await crl()] });
    expect(report.signatures[0].coverage.laterChanges.verdict).toBe('other-changes');
    expect(report.signatures[0].coverage.laterChanges.addedObjects).toEqual([{ object: '99 0', kind: 'other' }]);
    expect(report.signatures[0].status).toBe('invalid');
  });

  it('does not trust signatures from another CA', async () => {
    const otherCa = await CertificateAuthority.create({ organization: 'other', crlBaseUrl: 'http://example.invalid' });
    const report = await validatePdfSignatures(twoParty, { roots: [new X509Certificate(Buffer.from(otherCa.root.rawData))] });
    expect(report.signatures.every((signature) => !signature.chain.trusted && signature.status === 'invalid')).toBe(true);
  });

  it('reads a signature made by another tool (signer-p12, adbe.pkcs7.detached): intact, but not PAdES and not trusted', async () => {
    const { plainAddPlaceholder } = await import('@signpdf/placeholder-plain');
    const { P12Signer } = await import('@signpdf/signer-p12');
    const { SignPdf } = await import('@signpdf/signpdf');
    const forge = (await import('node-forge')).default;
    const keys = forge.pki.rsa.generateKeyPair(2048);
    const certificate = forge.pki.createCertificate();
    certificate.publicKey = keys.publicKey;
    certificate.serialNumber = '05';
    certificate.validity.notBefore = new Date(Date.now() - 60_000);
    certificate.validity.notAfter = new Date(Date.now() + 86_400_000);
    certificate.setSubject([{ name: 'commonName', value: 'Other Tool' }]);
    certificate.setIssuer([{ name: 'commonName', value: 'Other Tool' }]);
    certificate.sign(keys.privateKey, forge.md.sha256.create());
    const p12 = Buffer.from(
      forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(keys.privateKey, [certificate], '', { algorithm: '3des' })).getBytes(),
      'binary',
    );
    const placeholder = plainAddPlaceholder({ pdfBuffer: original, reason: 'r', contactInfo: 'c', name: 'n', location: 'l' });
    const foreign = await new SignPdf().sign(placeholder, new P12Signer(p12));
    const [signature] = (await validatePdfSignatures(foreign, { roots: pki.roots })).signatures;
    expect(signature.integrity).toEqual({ intact: true, digestMatches: true, signatureValid: true });
    expect(signature.format).toMatchObject({
      subFilter: 'adbe.pkcs7.detached',
      level: 'not PAdES',
      signingCertificateV2: 'absent',
      signingTimeAttribute: true,
    });
    expect(signature.signer?.commonName).toBe('Other Tool');
    expect(signature.chain.trusted).toBe(false);
    expect(signature.status).toBe('invalid');
  });

  it('reports an unreadable signature (garbage certificate in the CMS) as invalid instead of failing the whole report', async () => {
    const corrupted = Buffer.from(twoParty);
    const [, holeStart] = (await validatePdfSignatures(twoParty, { roots: pki.roots })).signatures[1].coverage.byteRange;
    const hex = corrupted.subarray(holeStart + 1, holeStart + 1 + 8000).toString('latin1');
    // The first certificate's DER starts 30 82 …; break its inner structure but keep the outer lengths.
    const certificate = hex.indexOf('a0820');
    const at = holeStart + 1 + certificate + 16;
    corrupted.write('ffffffffffffffff', at, 'latin1');
    const report = await validatePdfSignatures(corrupted, { roots: pki.roots });
    expect(report.signatureCount).toBe(2);
    expect(report.signatures[1].status).toBe('invalid');
    expect(report.signatures[1].problems.length).toBeGreaterThan(0);
  });

  it('reports no signatures for an unsigned PDF', async () => {
    const report = await validatePdfSignatures(original, { roots: pki.roots });
    expect(report).toMatchObject({ signatureCount: 0, allValid: false, signatures: [] });
  });
});
