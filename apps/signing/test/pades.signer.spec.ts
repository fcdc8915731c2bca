import { createHash } from 'node:crypto';
import { Oid } from '@apps/signing/src/asn1/oids';
import { createTestPki, nssDatabaseTrusting, runTool, samplePdf, signatureParts, tempDir, TestPki } from './signing-fixtures';
import { DEFAULT_TSA_POLICY, TimeStampAuthority } from '../src/tsa/time-stamp-authority';
import { LocalTimestampSource, TimestampSource } from '../src/tsa/timestamp-source';
import { extractSignatures } from '../src/validation/embedded-signature.extractor';
import { validatePdfSignatures } from '../src/validation/pdf-signature.validator';
import { DEFAULT_PLACEHOLDER_BYTES, PadesSigner, PLACEHOLDER_SLACK_BYTES } from '../src/pades/pades.signer';
import { preparePdfForSigning } from '../src/pades/pdf-preparation';

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

  /** The bytes of CMS the signature's placeholder held, and the CMS itself. */
  function placeholderOf(pdf: Buffer): { placeholderBytes: number; cmsBytes: number } {
    const [signature] = extractSignatures(pdf).slice(-1);
    const [, contentsStart, contentsEnd] = signature.byteRange;
    return { placeholderBytes: (contentsEnd - contentsStart - 2) / 2, cmsBytes: signature.cms.length };
  }

  it('sizes each later placeholder to the largest CMS so far plus the slack: about 20 KB less per signature, still valid', async () => {
    const signer = new PadesSigner(pki.identity(pki.sender), pki.timestamps);
    const first = await signer.sign(original, { signingTime: new Date('2026-11-26T00:00:00Z') });
    const second = await signer.sign(original, { signingTime: new Date('2026-11-26T00:00:00Z') });
    const [one, two] = [placeholderOf(first), placeholderOf(second)];
    expect(one.placeholderBytes).toBe(DEFAULT_PLACEHOLDER_BYTES);
    expect(two.placeholderBytes).toBe(one.cmsBytes + PLACEHOLDER_SLACK_BYTES);
    // The same update but for the placeholder, written as hex.
    expect(first.length - second.length).toBe(2 * (one.placeholderBytes - two.placeholderBytes));
    expect(first.length - second.length).toBeGreaterThan(18_000);
    const { output } = runTool('pdfsig', ['-nssdir', nssdb, tmp.file('sized.pdf', second)]);
    expect(output).toContain('Signature is Valid.');
    expect(output).toContain('Certificate is Trusted.');
    expect(runTool('qpdf', ['--check', tmp.file('sized.pdf')]).status).toBe(0);
  });

  it('signs again in a larger placeholder when a CMS outgrows the sized one (a TSA renewed with a longer chain)', async () => {
    // Renewed with an RSA-3072 key, its tokens carrying the CA chain and, during the rollover, its previous certificate.
    const renewed = await pki.ca.issueTsaCertificate('inkan test TSA (renewed)', 3650, 'rsa-3072');
    const previous = await pki.ca.issueTsaCertificate('inkan test TSA (previous)', 3650, 'rsa-3072');
    const tsa = (certificate: Buffer, privateKey: typeof renewed.privateKey, chain: Buffer[]) =>
      new LocalTimestampSource(new TimeStampAuthority({ certificate, chain, privateKey, policy: DEFAULT_TSA_POLICY }));
    const sources = {
      short: tsa(pki.tsaCertificate.der, pki.tsaCertificate.privateKey, []),
      long: tsa(renewed.der, renewed.privateKey, [
        Buffer.from(pki.ca.issuingCertificate.rawData),
        Buffer.from(pki.ca.root.rawData),
        previous.der,
      ]),
    };
    let current: TimestampSource = sources.short;
    const requests: string[] = [];
    const timestamps: TimestampSource = {
      timestampSha256: (digest) => {
        requests.push(current === sources.short ? 'short' : 'long');
        return current.timestampSha256(digest);
      },
    };
    const signer = new PadesSigner(pki.identity(pki.receiver), timestamps);
    const before = placeholderOf(await signer.sign(original));

    current = sources.long;
    const after = await signer.sign(original);
    const retried = placeholderOf(after);
    // The first attempt's placeholder was too small for the new CMS, so it was made again in a larger one.
    expect(retried.cmsBytes).toBeGreaterThan(before.cmsBytes + PLACEHOLDER_SLACK_BYTES);
    expect(requests).toEqual(['short', 'long', 'long']);
    // Sized for the CMS of the attempt that did not fit: the one made again differs by an ECDSA value's byte or two.
    expect(Math.abs(retried.placeholderBytes - PLACEHOLDER_SLACK_BYTES - retried.cmsBytes)).toBeLessThanOrEqual(4);
    const { output } = runTool('pdfsig', ['-nssdir', nssdb, tmp.file('resized.pdf', after)]);
    expect(output).toContain('Signature is Valid.');
    expect(signatureParts(after)[0].token).toBeDefined();
    // And the next one is sized for the longer chain from the start.
    requests.length = 0;
    const next = placeholderOf(await signer.sign(original)).placeholderBytes;
    // (a byte or two more if the CMS made again was the larger one)
    expect(next - retried.placeholderBytes).toBeGreaterThanOrEqual(0);
    expect(next - retried.placeholderBytes).toBeLessThanOrEqual(4);
    expect(requests).toEqual(['long']);
  });

  it('keeps a fixed placeholder when given one, and says so when a CMS does not fit it', async () => {
    const fixed = new PadesSigner(pki.identity(pki.sender), pki.timestamps, 9_000);
    expect(placeholderOf(await fixed.sign(original)).placeholderBytes).toBe(9_000);
    expect(placeholderOf(await fixed.sign(original)).placeholderBytes).toBe(9_000);
    await expect(new PadesSigner(pki.identity(pki.sender), pki.timestamps, 1_000).sign(original)).rejects.toThrow(
      /^Signature exceeds placeholder length: \d+ > 2000$/,
    );
  });

  it('without a timestamp source it signs B-B, still valid for pdfsig', async () => {
    const signed = await new PadesSigner(pki.identity(pki.sender), undefined).sign(original);
    expect(signatureParts(signed)[0].token).toBeUndefined();
    const { output } = runTool('pdfsig', ['-nssdir', nssdb, tmp.file('bb.pdf', signed)]);
    expect(output).toContain('Signature is Valid.');
    expect(output).toContain('Certificate is Trusted.');
  });
});
