import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { removeTrailingNewLine, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import forge from 'node-forge';
import { PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { AppError } from '@app/contracts';
import { createTestPki, nssDatabaseTrusting, runTool, samplePdf, tempDir, TestPki } from './signing-fixtures';
import { CadesDetachedSigner } from '../src/pades/cades-detached.signer';
import { embedSignature } from '../src/pades/embed-signature';
import { PadesSigner } from '../src/pades/pades.signer';
import { preparePdfForSigning } from '../src/pades/pdf-preparation';
import { addSignaturePlaceholder } from '../src/pades/signature-placeholder';
import { SigningErrorCode } from '../src/pades/signing.errors';

async function refusal(action: () => Promise<unknown>): Promise<{ code: string; status: number; ja: string; en: string }> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const { reply } = error as AppError;
    return { code: reply.code, status: reply.status, ja: reply.message.ja, en: reply.message.en };
  }
  throw new Error('expected a refusal');
}

describe('preparePdfForSigning and PadesSigner on real-world and bad PDFs', () => {
  let pki: TestPki;
  const tmp = tempDir();
  let nssdb: string;

  const rsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

  beforeAll(async () => {
    pki = await createTestPki();
    nssdb = nssDatabaseTrusting(tmp.dir, pki.ca.root.toString('pem'));
  });
  afterAll(() => tmp.remove());

  /** Our placeholder writes exactly placeholder-plain's bytes, for a first and a second signature. */
  function expectPlaceholderAsPlain(pdf: Buffer): Buffer {
    const input = {
      pdfBuffer: pdf,
      reason: 'bulk',
      contactInfo: '',
      name: 'U000006',
      location: 'Tokyo',
      signingTime: new Date('2026-11-26T01:02:03Z'),
      signatureLength: 16_384,
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
      appName: 'inkan',
    };
    const ours = addSignaturePlaceholder(input);
    expect(ours.length).toBeGreaterThan(pdf.length + 16_384);
    const plain = plainAddPlaceholder(input);
    expect(ours.equals(plain)).toBe(true);
    expect(
      addSignaturePlaceholder(input, { repairTrailer: true }).equals(withTrailerRepaired(plain, removeTrailingNewLine(pdf).length)),
    ).toBe(true);
    return ours;
  }

  /**
   * placeholder-plain's output with the two slips in its trailer corrected, as qpdf expects: `startxref` at `xref`
   * itself (placeholder-plain points at the end-of-line before it), and /Size one above the highest object number
   * appended, never below the previous trailer's.
   */
  function withTrailerRepaired(plain: Buffer, appendedAt: number): Buffer {
    const text = plain.toString('latin1');
    const before = text.slice(0, appendedAt);
    const previousSize = Number(/\/Size\s+(\d+)/.exec(before.slice(before.lastIndexOf('trailer')))![1]);
    const highest = Math.max(...[...text.slice(appendedAt).matchAll(/(?:^|\s)(\d+) \d+ obj\b/g)].map((match) => Number(match[1])));
    const trailerAt = text.lastIndexOf('trailer');
    const xrefAt = text.lastIndexOf('\nxref\n') + 1;
    const trailer = text.slice(trailerAt);
    const repaired = trailer
      .replace(/\/Size \d+/, `/Size ${Math.max(previousSize, highest + 1)}`)
      .replace(/startxref\n\d+\n%%EOF$/, `startxref\n${xrefAt}\n%%EOF`);
    // Both slips are there to correct.
    expect(trailer).toContain(`startxref\n${xrefAt - 1}\n%%EOF`);
    return Buffer.from(text.slice(0, trailerAt) + repaired, 'latin1');
  }

  /**
   * Our embedding writes exactly SignPdf.sign's bytes. Without a timestamp a
   * CMS with an RSA key is deterministic (the test PKI's keys are ECDSA, so
   * an RSA key signs here), so both get the same signature for the same
   * range: the check sees every byte, the range and the padding included.
   * Told where the appended section starts (at most two bytes of end-of-line
   * before the end of the file it was appended to), it writes the same bytes.
   */
  async function expectEmbeddedAsSignPdf(withPlaceholder: Buffer, appendedTo: Buffer): Promise<void> {
    const signer = new CadesDetachedSigner({ ...pki.identity(pki.receiver), privateKey: rsaKey });
    const theirs = await new SignPdf().sign(withPlaceholder, signer);
    expect(theirs.equals(await new SignPdf().sign(withPlaceholder, signer))).toBe(true);
    const ours = await embedSignature(Buffer.from(withPlaceholder), (digest) => signer.signDigest(digest));
    expect(ours.length).toBe(theirs.length);
    expect(ours.equals(theirs)).toBe(true);
    const searchedFromTheEnd = await embedSignature(
      Buffer.from(withPlaceholder),
      (digest) => signer.signDigest(digest),
      appendedTo.length - 2,
    );
    expect(searchedFromTheEnd.equals(theirs)).toBe(true);
  }

  async function signTwiceAndCheck(upload: Buffer, name: string): Promise<string> {
    const prepared = await preparePdfForSigning(upload);
    await expectEmbeddedAsSignPdf(expectPlaceholderAsPlain(prepared.pdf), prepared.pdf);
    const once = await new PadesSigner(pki.identity(pki.sender), pki.timestamps).sign(prepared.pdf);
    await expectEmbeddedAsSignPdf(expectPlaceholderAsPlain(once), once);
    const twice = await new PadesSigner(pki.identity(pki.receiver), pki.timestamps).sign(once);
    const file = tmp.file(name, twice);
    const { output } = runTool('pdfsig', ['-nssdir', nssdb, file]);
    expect(output.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(output.match(/Certificate is Trusted\./g)).toHaveLength(2);
    expect(runTool('qpdf', ['--check', file]).status).toBe(0);
    return output;
  }

  it('pdf-lib default output (xref stream + object streams): placeholder-plain alone fails, after preparation both signatures verify', async () => {
    const upload = await samplePdf(3);
    expect(upload.includes('/ObjStm')).toBe(true);
    expect(upload.includes('/XRef')).toBe(true);
    expect(() => plainAddPlaceholder({ pdfBuffer: upload, reason: '', contactInfo: '', name: '', location: '' })).toThrow();
    const prepared = await preparePdfForSigning(upload);
    expect(prepared.pageCount).toBe(3);
    expect(prepared.pdf.includes('/ObjStm')).toBe(false);
    expect(prepared.pdf.subarray(-5).toString()).toBe('%%EOF');
    // The prepared file opens as the same three-page document.
    expect((await PDFDocument.load(prepared.pdf)).getPageCount()).toBe(3);
    await signTwiceAndCheck(upload, 'object-streams.pdf');
  });

  it('a PDF with junk after %%EOF (trailing NULs) is normalised and signed', async () => {
    await signTwiceAndCheck(Buffer.concat([await samplePdf(1), Buffer.alloc(512)]), 'trailing-nuls.pdf');
  });

  it('a classic-xref PDF with a trailing newline, and a nested page tree, are normalised and signed', async () => {
    await signTwiceAndCheck(Buffer.concat([await samplePdf(1, { objectStreams: false }), Buffer.from('\r\n')]), 'classic.pdf');

    // Two pages under an intermediate /Pages node, MediaBox inherited from it.
    const document = await PDFDocument.load(await samplePdf(2, { objectStreams: false }));
    const context = document.context;
    const rootRef = document.catalog.get(PDFName.of('Pages'))!;
    const pageRefs = document.getPages().map((page) => page.ref);
    const middle = context.obj({ Type: 'Pages', Kids: pageRefs, Count: 2, MediaBox: [0, 0, 595, 842] });
    const middleRef = context.register(middle);
    for (const page of document.getPages()) {
      page.node.set(PDFName.of('Parent'), middleRef);
      page.node.delete(PDFName.of('MediaBox'));
    }
    middle.set(PDFName.of('Parent'), rootRef);
    document.catalog.Pages().set(PDFName.of('Kids'), context.obj([middleRef]));
    document.catalog.Pages().set(PDFName.of('Count'), PDFNumber.of(2));
    await signTwiceAndCheck(Buffer.from(await document.save()), 'nested-pages.pdf');
  });

  it('a linearized PDF with object streams (qpdf), as office exports often are, is normalised and signed', async () => {
    const plain = tmp.file('plain-for-linearize.pdf', await samplePdf(4, { objectStreams: false }));
    const linearized = tmp.file('linearized.pdf');
    expect(runTool('qpdf', ['--linearize', '--object-streams=generate', plain, linearized]).status).toBe(0);
    const upload = readFileSync(linearized);
    expect(upload.includes('/Linearized')).toBe(true);
    await signTwiceAndCheck(upload, 'linearized-signed.pdf');
  });

  it('a PDF with an existing form keeps its fields and gets two signature fields', async () => {
    const document = await PDFDocument.load(await samplePdf(1));
    document.getForm().createTextField('contract.number').setText('C-2026-001');
    document.getForm().getTextField('contract.number').addToPage(document.getPage(0), { x: 50, y: 600 });
    const output = await signTwiceAndCheck(Buffer.from(await document.save()), 'form.pdf');
    // placeholder-plain numbers signature fields after the existing ones.
    expect(output).toContain('Signature Field Name: Signature2');
    expect(output).toContain('Signature Field Name: Signature3');
    const signed = await PDFDocument.load(readFileSync(tmp.file('form.pdf')));
    expect(signed.getForm().getTextField('contract.number').getText()).toBe('C-2026-001');
  });

  it('refuses a file that is not a PDF, and a truncated one, with PDF_MALFORMED (400)', async () => {
    const valid = await samplePdf(1);
    for (const upload of [Buffer.from('hello, not a pdf'), valid.subarray(0, Math.floor(valid.length / 2)), Buffer.alloc(0)]) {
      const copy = Buffer.from(upload);
      const error = await refusal(() => preparePdfForSigning(upload));
      expect(error).toEqual({ code: 'PDF_MALFORMED', status: 400, ja: expect.stringContaining('PDF'), en: expect.stringContaining('PDF') });
      expect(upload.equals(copy)).toBe(true);
    }
  });

  it('refuses an encrypted PDF with PDF_ENCRYPTED (400), in Japanese and English', async () => {
    const plain = tmp.file('plain.pdf', await samplePdf(1));
    const encrypted = tmp.file('encrypted.pdf');
    expect(runTool('qpdf', ['--encrypt', 'user', 'owner', '256', '--', plain, encrypted]).status).toBe(0);
    const error = await refusal(() => preparePdfForSigning(readFileSync(encrypted)));
    expect(error.code).toBe('PDF_ENCRYPTED');
    expect(error.status).toBe(400);
    expect(error.ja).toContain('暗号化');
  });

  it('refuses a PDF signed by another tool (signer-p12): at registration PDF_ALREADY_SIGNED, at signing PDF_SIGNED_ELSEWHERE', async () => {
    const p12 = selfSignedP12();
    const withPlaceholder = plainAddPlaceholder({
      pdfBuffer: (await preparePdfForSigning(await samplePdf(1))).pdf,
      reason: 'r',
      contactInfo: 'c',
      name: 'n',
      location: 'l',
    });
    // Another tool's output ends with an end-of-line after %%EOF, which @signpdf would strip.
    const foreign = Buffer.concat([await new SignPdf().sign(withPlaceholder, new P12Signer(p12)), Buffer.from('\n')]);
    const copy = Buffer.from(foreign);
    expect((await refusal(() => preparePdfForSigning(foreign))).code).toBe<SigningErrorCode>('PDF_ALREADY_SIGNED');
    const signer = new PadesSigner(pki.identity(pki.sender), pki.timestamps);
    const atSigning = await refusal(() => signer.sign(foreign));
    expect(atSigning).toMatchObject({ code: 'PDF_SIGNED_ELSEWHERE', status: 409 });
    expect(foreign.equals(copy)).toBe(true);
  });

  it('refuses to sign an unprepared xref-stream PDF (PDF_NOT_PREPARED) and an oversized upload (PDF_TOO_LARGE, 413)', async () => {
    const signer = new PadesSigner(pki.identity(pki.sender), pki.timestamps);
    const unprepared = await samplePdf(1);
    expect(await refusal(() => signer.sign(unprepared))).toMatchObject({ code: 'PDF_NOT_PREPARED', status: 409 });
    const upload = await samplePdf(1);
    expect(await refusal(() => preparePdfForSigning(upload, upload.length - 1))).toMatchObject({ code: 'PDF_TOO_LARGE', status: 413 });
  });

  it('takes an upload at the limit whose rewrite outgrows it, within the store’s headroom, and refuses one beyond it', async () => {
    // Objects packed in compressed streams are written out plainly: text-only pages about double in size.
    const small = await samplePdf(40);
    const prepared = await preparePdfForSigning(small, small.length);
    expect(prepared.pdf.length).toBeGreaterThan(small.length);

    const large = await samplePdf(5000);
    const refused = await refusal(() => preparePdfForSigning(large, large.length));
    expect(refused).toMatchObject({
      code: 'PDF_TOO_LARGE',
      status: 413,
      ja: expect.stringContaining('上限 '),
      en: expect.stringContaining('limit '),
    });
  }, 30_000);
});

/** A throwaway PKCS#12 (RSA, self-signed) as another signing tool would use. */
function selfSignedP12(): Buffer {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = keys.publicKey;
  certificate.serialNumber = '01';
  certificate.validity.notBefore = new Date(Date.now() - 60_000);
  certificate.validity.notAfter = new Date(Date.now() + 86_400_000);
  certificate.setSubject([{ name: 'commonName', value: 'Other Tool' }]);
  certificate.setIssuer([{ name: 'commonName', value: 'Other Tool' }]);
  certificate.sign(keys.privateKey, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [certificate], '', { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}
