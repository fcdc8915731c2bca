import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFString } from 'pdf-lib';
import { acroFormWithResources, inlineAnnotations, pageSaying } from './hostile-pdfs';
import { createTestPki, nssDatabaseTrusting, runTool, tempDir, TestPki } from './signing-fixtures';
import { dictionaryEntries } from '../src/pades/dictionary-entries';
import { PadesSigner } from '../src/pades/pades.signer';
import { validatePdfSignatures } from '../src/validation/pdf-signature.validator';
import { preparePdfForSigning } from '../src/pades/pdf-preparation';

/** Registered, then signed by both parties, as a contract is. */
async function signedByBoth(pki: TestPki, upload: Buffer): Promise<Buffer> {
  const registered = (await preparePdfForSigning(upload)).pdf;
  const bySender = await new PadesSigner(pki.identity(pki.sender), pki.timestamps).sign(registered, { name: 'U1' });
  return new PadesSigner(pki.identity(pki.receiver), pki.timestamps).sign(bySender, { name: 'U2' });
}

function annotationsOf(document: PDFDocument): { entries: unknown[]; dicts: PDFDict[] } {
  const annots = document.getPage(0).node.lookup(PDFName.of('Annots'), PDFArray);
  return { entries: annots.asArray(), dicts: annots.asArray().map((entry) => document.context.lookup(entry, PDFDict)) };
}

describe('signing keeps a page’s annotations and the AcroForm’s resources (pdfsig, qpdf)', () => {
  let pki: TestPki;
  const tmp = tempDir();
  let nssdb: string;

  beforeAll(async () => {
    pki = await createTestPki();
    nssdb = nssDatabaseTrusting(tmp.dir, pki.ca.root.toString('pem'));
  });
  afterAll(() => tmp.remove());

  function checkedByTools(name: string, pdf: Buffer): void {
    const file = tmp.file(name, pdf);
    const pdfsig = runTool('pdfsig', ['-nssdir', nssdb, file]);
    expect(pdfsig.output.match(/Signature is Valid\./g)).toHaveLength(2);
    const qpdf = runTool('qpdf', ['--check', file]);
    expect(qpdf.output).toContain('No syntax or stream encoding errors found');
    expect(qpdf.output).not.toContain('WARNING');
  }

  it('inline annotations: every one is still there, unchanged, and both widgets are in /Annots', async () => {
    const signed = await signedByBoth(pki, inlineAnnotations());
    const document = await PDFDocument.load(signed);
    const { entries, dicts } = annotationsOf(document);
    expect(entries.every((entry) => entry instanceof PDFRef)).toBe(true);
    expect(dicts.map((dict) => dict.get(PDFName.of('Subtype'))?.toString())).toEqual(['/Text', '/Link', '/Widget', '/Widget']);
    const note = dicts[0];
    expect(note.lookup(PDFName.of('Rect'), PDFArray).asArray().map(String)).toEqual(['50', '770', '300', '800']);
    expect(note.lookup(PDFName.of('Contents'), PDFString).decodeText()).toBe('first note');
    expect(dicts.slice(2).every((widget) => widget.get(PDFName.of('FT')) === PDFName.of('Sig'))).toBe(true);
    checkedByTools('inline-annotations.pdf', signed);
  });

  it('AcroForm: /DR, /DA and /NeedAppearances survive both signatures, beside every field', async () => {
    const signed = await signedByBoth(pki, acroFormWithResources());
    const document = await PDFDocument.load(signed);
    const form = document.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    expect(form.lookup(PDFName.of('DA'), PDFString).decodeText()).toBe('/Helv 0 Tf 0 g');
    expect(form.lookup(PDFName.of('DR'), PDFDict).lookup(PDFName.of('Font'), PDFDict).has(PDFName.of('Helv'))).toBe(true);
    expect(form.get(PDFName.of('NeedAppearances'))?.toString()).toBe('true');
    const fields = form
      .lookup(PDFName.of('Fields'), PDFArray)
      .asArray()
      .map((ref) => document.context.lookup(ref, PDFDict));
    expect(fields.map((field) => field.get(PDFName.of('FT'))?.toString())).toEqual(['/Tx', '/Sig', '/Sig']);
    checkedByTools('acroform.pdf', signed);
  });
});

describe('a page whose text says "/ByteRange"', () => {
  it('is registered, signed by both, and validated with exactly its two signatures', async () => {
    const pki = await createTestPki();
    const signed = await signedByBoth(pki, pageSaying('/ByteRange [0 1 2 3] /Contents <00>'));
    expect(signed.includes('(/ByteRange [0 1 2 3] /Contents <00>) Tj')).toBe(true);
    const report = await validatePdfSignatures(signed, { roots: pki.roots, crls: [(await pki.ca.createCrl([], 1)).der] });
    expect(report.signatureCount).toBe(2);
    expect(report.allValid).toBe(true);
  });
});

describe('dictionaryEntries', () => {
  it('keeps each value as written: nested dictionaries, arrays, strings with brackets, references, names', () => {
    const text =
      '\n/Type /AcroForm\n/Fields [ 4 0 R 7 0 R ]\n/DR << /Font << /Helv 5 0 R >> /X [1 [2]] >>\n/DA (/Helv 0 Tf \\) ] >> g)\n/NeedAppearances true\n/Q 1 /H <3e3e>\n';
    expect(dictionaryEntries(text)).toEqual([
      ['Type', '/AcroForm'],
      ['Fields', '[ 4 0 R 7 0 R ]'],
      ['DR', '<< /Font << /Helv 5 0 R >> /X [1 [2]] >>'],
      ['DA', '(/Helv 0 Tf \\) ] >> g)'],
      ['NeedAppearances', 'true'],
      ['Q', '1'],
      ['H', '<3e3e>'],
    ]);
  });

  it('stops at text it cannot read instead of looping', () => {
    expect(dictionaryEntries('/A 1 ) /B 2')).toEqual([['A', '1']]);
    expect(dictionaryEntries('/A << /B')).toEqual([['A', '<< /B']]);
  });
});
