import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { SUBFILTER_ADOBE_PKCS7_DETACHED } from '@signpdf/utils';
import { createTestPki, nssDatabaseTrusting, runTool, samplePdf, tempDir, TestPki } from '@apps/signing/test/signing-fixtures';
import { childrenOf, readElement } from '../asn1/der';
import { embedSignature } from '../pades/embed-signature';
import { preparePdfForSigning } from '../pades/pdf-preparation';
import { addSignaturePlaceholder } from '../pades/signature-placeholder';
import { validatePdfSignatures } from './pdf-signature.validator';

/**
 * The CMS in the form NSS writes it: ContentInfo, SignedData and each of
 * SignedData's fields with BER indefinite lengths (30 80 … 00 00), what they
 * hold (certificates, SignerInfos with their DER signed attributes) as it was.
 * (`openssl cms -stream` writes BER too, but only with the content inside.)
 */
function inNssForm(der: Buffer, depth = 0): Buffer {
  const element = readElement(der);
  if ((element.tag & 0x20) === 0 || depth > 3) {
    return Buffer.from(element.raw);
  }
  const children = childrenOf(element).map((child) => inNssForm(Buffer.from(child.raw), depth + 1));
  return Buffer.concat([Buffer.from([element.tag, 0x80]), ...children, Buffer.from([0, 0])]);
}

/**
 * A PDF signed the way NSS signs (pdfsig -add-signature, Firefox,
 * LibreOffice): OpenSSL makes the detached CMS over the bytes the /ByteRange
 * covers, and it goes into an ordinary placeholder in NSS's BER form.
 */
async function signedWithBerCms(pki: TestPki, dir: ReturnType<typeof tempDir>): Promise<{ pdf: Buffer; cms: Buffer }> {
  const registered = (await preparePdfForSigning(await samplePdf(1))).pdf;
  const withPlaceholder = addSignaturePlaceholder({
    pdfBuffer: registered,
    reason: 'BER',
    contactInfo: '',
    name: 'nss',
    location: '',
    signatureLength: 8192,
    subFilter: SUBFILTER_ADOBE_PKCS7_DETACHED,
  });
  const issued = pki.sender;
  const key = dir.file('key.pem', issued.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const certificate = dir.file('cert.pem', new X509Certificate(issued.der).toString());
  const chain = dir.file('chain.pem', pki.ca.issuingCertificate.toString('pem'));
  let cms: Buffer = Buffer.alloc(0);
  const pdf = await embedSignature(withPlaceholder, () => {
    // embedSignature has written the real /ByteRange into the buffer; openssl signs the bytes it names.
    const text = withPlaceholder.toString('latin1');
    const [a, b, c, d] = (/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(text) ?? []).slice(1).map(Number);
    const content = dir.file('content.bin', Buffer.concat([withPlaceholder.subarray(a, a + b), withPlaceholder.subarray(c, c + d)]));
    const out = dir.file('cms.der');
    execFileSync('openssl', [
      'cms', '-sign', '-binary', '-outform', 'DER', '-md', 'sha256',
      '-in', content, '-signer', certificate, '-inkey', key, '-certfile', chain, '-out', out,
    ]); // prettier-ignore
    cms = inNssForm(readFileSync(out));
    return Promise.resolve(cms);
  });
  return { pdf, cms };
}

describe('validating a BER-encoded (NSS-style) signature', () => {
  let pki: TestPki;
  const tmp = tempDir();
  let signed: { pdf: Buffer; cms: Buffer };

  beforeAll(async () => {
    pki = await createTestPki();
    signed = await signedWithBerCms(pki, tmp);
  });
  afterAll(() => tmp.remove());

  it('the CMS really is BER: indefinite lengths from the outermost element on', () => {
    expect(signed.cms.subarray(0, 2).toString('hex')).toBe('3080');
    expect(signed.cms.subarray(13, 17).toString('hex')).toBe('a0803080');
    expect(readElement(signed.cms).raw.length).toBe(signed.cms.length);
  });

  it('pdfsig says the signature is valid', () => {
    const nssdb = nssDatabaseTrusting(tmp.dir, pki.ca.root.toString('pem'));
    const { output } = runTool('pdfsig', ['-nssdir', nssdb, tmp.file('ber.pdf', signed.pdf)]);
    expect(output).toContain('Signature Validation: Signature is Valid.');
    expect(output).toContain('Certificate Validation: Certificate is Trusted.');
  });

  it('our validator agrees: intact, the chain trusted, not revoked', async () => {
    const crl = await pki.ca.createCrl([], 1);
    const [report] = (await validatePdfSignatures(signed.pdf, { roots: pki.roots, crls: [crl.der] })).signatures;
    expect(report.integrity).toEqual({ intact: true, digestMatches: true, signatureValid: true });
    expect(report.chain.trusted).toBe(true);
    expect(report.revocation.status).toBe('good');
    expect(report.summary).toContain(': intact, chain trusted');
    expect(report.problems).toEqual([]);
  });

  it('a tampered BER signature is still caught', async () => {
    const tampered = Buffer.from(signed.pdf);
    const at = tampered.indexOf('/Reason');
    tampered.write('/Reasom', at, 'latin1');
    const [report] = (await validatePdfSignatures(tampered, { roots: pki.roots })).signatures;
    expect(report.integrity.intact).toBe(false);
  });
});
