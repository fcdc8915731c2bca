import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFRawStream } from 'pdf-lib';
import { flateBomb, hostileCorpus, onePage, pageSaying, rawPdf } from '@apps/signing/test/hostile-pdfs';
import { decodeWithinBudget, InflationBudget, InflationBudgetExceeded, NestingTooDeep, withLoadLimits } from './inflation-budget';
import { chargeStreams, checkDocumentStructure, containsSignature, findActiveContent, PdfStructureError } from './pdf-inspection';

const load = (pdf: Buffer, budget = new InflationBudget(16 * 1024 * 1024)) =>
  withLoadLimits(budget, () => PDFDocument.load(pdf, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true }));

async function corpusFile(name: string): Promise<Buffer> {
  const entry = (await hostileCorpus()).find((candidate) => candidate.name === name);
  if (!entry) {
    throw new Error(`no ${name} in the corpus`);
  }
  return entry.pdf;
}

function structureDefect(document: PDFDocument): string {
  try {
    return `${checkDocumentStructure(document)} pages`;
  } catch (error) {
    return error instanceof PdfStructureError ? error.defect : String(error);
  }
}

describe('bounded decoding', () => {
  it('stops a flate bomb at the budget, quickly, and counts honest streams exactly', async () => {
    const document = await PDFDocument.create();
    const bomb = PDFRawStream.of(document.context.obj({ Filter: 'FlateDecode' }), flateBomb(1024));
    const budget = new InflationBudget(8 * 1024 * 1024);
    const started = Date.now();
    expect(() => decodeWithinBudget(bomb, budget)).toThrow(InflationBudgetExceeded);
    expect(Date.now() - started).toBeLessThan(1_000);

    const text = Buffer.from('BT (hello) Tj ET '.repeat(1000));
    const honest = PDFRawStream.of(
      document.context.obj({ Filter: ['ASCIIHexDecode', 'FlateDecode'] }),
      Buffer.from(`${deflateSync(text).toString('hex')}>`),
    );
    const fresh = new InflationBudget(1024 * 1024);
    expect(Buffer.from(decodeWithinBudget(honest, fresh)).equals(text)).toBe(true);
    expect(fresh.spent).toBeGreaterThanOrEqual(text.length);
  });

  it('fails a pdf-lib load whose object stream is a bomb, though pdf-lib catches errors inside objects', async () => {
    const pdf = onePage({ extra: [{ dict: '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', data: flateBomb(64) }] });
    await expect(load(pdf)).rejects.toBeInstanceOf(InflationBudgetExceeded);
    // Outside the limits pdf-lib loads as shipped.
    await expect(PDFDocument.load(onePage())).resolves.toBeInstanceOf(PDFDocument);
  });

  it('fails a load nested deeper than any real file', async () => {
    await expect(load(await corpusFile('deep nesting'))).rejects.toBeInstanceOf(NestingTooDeep);
    await expect(load(onePage({ extra: [`${'['.repeat(200)}${']'.repeat(200)}`] }))).resolves.toBeInstanceOf(PDFDocument);
  });

  it('charges content streams after the load (a page whose content inflates to 1 GiB)', async () => {
    const document = await load(await corpusFile('content-stream bomb (1 MB inflating to 1 GiB)'));
    expect(() => chargeStreams(document, new InflationBudget(32 * 1024 * 1024))).toThrow(InflationBudgetExceeded);
  });
});

describe('structure, signatures and active content, from the parsed object graph', () => {
  it('names each structural defect', async () => {
    const defects: [string, string][] = [
      ['no /Root and no catalog', 'no-root'],
      ['/Root not a catalog', 'root-not-catalog'],
      ['no /Pages', 'no-page-tree'],
      ['/Pages listing itself as a kid', 'page-tree-cycle'],
    ];
    for (const [name, defect] of defects) {
      expect([name, structureDefect(await load(await corpusFile(name)))]).toEqual([name, defect]);
    }
    expect(structureDefect(await load(rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'])))).toBe(
      'no-pages',
    );
    expect(structureDefect(await load(onePage()))).toBe('1 pages');
  });

  it('finds a signature dictionary, but not the words "/ByteRange" in a page’s text', async () => {
    expect(containsSignature(await load(pageSaying('/ByteRange [0 1 2 3] /Contents <00>')))).toBe(false);
    const signed = onePage({ extra: ['<< /Type /Sig /Filter /Adobe.PPKLite /ByteRange [0 10 20 30] /Contents <3000> >>'] });
    expect(containsSignature(await load(signed))).toBe(true);
  });

  it('names every kind of active content it finds, and allows links', async () => {
    const cases: [string, string[]][] = [
      ['JavaScript OpenAction', ['javascript']],
      ['JavaScript in an object stream', ['javascript']],
      ['Launch action', ['launch']],
      ['embedded file', ['embeddedFile']],
      ['XFA form', ['xfa']],
      ['inline annotations', []],
    ];
    for (const [name, kinds] of cases) {
      expect([name, findActiveContent(await load(await corpusFile(name)))]).toEqual([name, kinds]);
    }
    const forms = onePage({
      catalog: '/Names << /JavaScript << /Names [(init) 4 0 R] >> >>',
      page: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [5 0 R 6 0 R] >>',
      extra: [
        '<< /S /Named /N /NextPage >>',
        '<< /Type /Annot /Subtype /Widget /A << /S /SubmitForm /F (https://example.com/) >> /AA << /K << /S /ImportData /F (x.fdf) >> >> >>',
        '<< /Type /Annot /Subtype /FileAttachment /FS (a.txt) >>',
      ],
    });
    expect(findActiveContent(await load(forms))).toEqual(['javascript', 'submitForm', 'importData', 'embeddedFile']);
  });
});
