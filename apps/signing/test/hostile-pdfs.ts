import { randomBytes } from 'node:crypto';
import { constants, deflateRawSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';

/** A PDF object body: text, or a stream dictionary's entries (without /Length) and its raw bytes. */
type Body = string | { dict: string; data: Buffer };

/**
 * A PDF written object by object, with a correct classic cross-reference
 * table: object n is `objects[n - 1]`. What the trailer says is up to the
 * caller, so hostile files (no /Root, a /Root that is no catalog) are as
 * easy to write as good ones.
 */
export function rawPdf(objects: readonly Body[], trailer = '/Root 1 0 R'): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0].length;
  const offsets: number[] = [];
  const push = (chunk: Buffer) => {
    parts.push(chunk);
    length += chunk.length;
  };
  objects.forEach((body, index) => {
    offsets.push(length);
    if (typeof body === 'string') {
      push(Buffer.from(`${index + 1} 0 obj\n${body}\nendobj\n`, 'latin1'));
    } else {
      push(Buffer.from(`${index + 1} 0 obj\n<< ${body.dict} /Length ${body.data.length} >>\nstream\n`, 'latin1'));
      push(body.data);
      push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    }
  });
  const xref = length;
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  push(
    Buffer.from(
      `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}trailer\n<< /Size ${objects.length + 1} ${trailer} >>\nstartxref\n${xref}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}

const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>';

/** A one-page document: catalog (1), page tree (2), page (3), then `extra` objects from 4 on; `catalog` adds catalog entries. */
export function onePage(options: { catalog?: string; page?: string; extra?: readonly Body[] } = {}): Buffer {
  return rawPdf([
    `<< /Type /Catalog /Pages 2 0 R ${options.catalog ?? ''} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    options.page ?? PAGE,
    ...(options.extra ?? []),
  ]);
}

/**
 * zlib data that inflates to `mebibytes` MiB of zeros from about 1 KB per
 * MiB: one sync-flushed deflate block repeated (deflate blocks that end on a
 * byte boundary can be concatenated), a final empty block and the Adler-32
 * of that many zeros (a = 1, b = length mod 65521). Built in microseconds,
 * where deflating a gigabyte would take the test seconds.
 */
export function flateBomb(mebibytes: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
  const total = mebibytes * 1024 * 1024;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((total % 65521) << 16) >>> 0) + 1);
  return Buffer.concat([Buffer.from([0x78, 0xda]), ...Array<Buffer>(mebibytes).fill(block), Buffer.from([0x03, 0x00]), adler]);
}

/** Text on a page, uncompressed, so its words are in the file as bytes. */
export function pageSaying(text: string): Buffer {
  const content = Buffer.from(`BT /F1 12 Tf 72 712 Td (${text}) Tj ET`);
  return onePage({
    page: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    extra: [{ dict: '', data: content }, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'],
  });
}

/** A page whose /Annots holds its annotations inline, as direct dictionaries. */
export function inlineAnnotations(): Buffer {
  return onePage({
    page:
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Annots [' +
      '<< /Type /Annot /Subtype /Text /Rect [50 770 300 800] /Contents (first note) >> ' +
      '<< /Type /Annot /Subtype /Link /Rect [50 700 300 730] /Border [0 0 0] /A << /S /URI /URI (https://example.com/) >> >>' +
      '] >>',
  });
}

/** An AcroForm with default resources and appearance, and one text field on the page. */
export function acroFormWithResources(): Buffer {
  return onePage({
    catalog: '/AcroForm << /Fields [4 0 R] /DR << /Font << /Helv 5 0 R >> >> /DA (/Helv 0 Tf 0 g) /NeedAppearances true >>',
    page: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Annots [4 0 R] >>',
    extra: [
      '<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /V (Yamada) /Rect [72 700 300 720] /P 3 0 R /DA (/Helv 12 Tf 0 g) >>',
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    ],
  });
}

/** JavaScript run on opening, from inside an object stream (pdf-lib packs the catalog's action there). */
export async function javascriptInObjectStream(): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage().drawText('hello', { font: await document.embedFont(StandardFonts.Helvetica) });
  const action = document.context.obj({ S: 'JavaScript' });
  action.set(PDFName.of('JS'), PDFString.of('app.alert(1)'));
  document.catalog.set(PDFName.of('OpenAction'), document.context.register(action));
  return Buffer.from(await document.save({ useObjectStreams: true }));
}

/** The hostile corpus: name → the file and the answer it must get (`code` of the refusal, or accepted). */
export async function hostileCorpus(): Promise<{ name: string; pdf: Buffer; code: string }[]> {
  const bomb = flateBomb(1024);
  return [
    {
      name: 'object-stream bomb (1 MB inflating to 1 GiB)',
      code: 'PDF_TOO_COMPLEX',
      pdf: onePage({ extra: [{ dict: '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', data: bomb }] }),
    },
    {
      name: 'content-stream bomb (1 MB inflating to 1 GiB)',
      code: 'PDF_TOO_COMPLEX',
      pdf: onePage({
        page: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
        extra: [{ dict: '/Filter /FlateDecode', data: bomb }],
      }),
    },
    { name: 'deep nesting', code: 'PDF_TOO_COMPLEX', pdf: onePage({ extra: [`${'['.repeat(200_000)}${']'.repeat(200_000)}`] }) },
    { name: '%PDF-1.4 and garbage', code: 'PDF_MALFORMED', pdf: Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(4096)]) },
    { name: 'no /Root and no catalog', code: 'PDF_MALFORMED', pdf: rawPdf(['<< /Type /Pages /Kids [2 0 R] /Count 1 >>', PAGE], '') },
    {
      // As viewers do, the one catalog in the file stands in for a missing /Root.
      name: 'no /Root, one catalog',
      code: 'accepted',
      pdf: rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE], ''),
    },
    { name: '/Root not a catalog', code: 'PDF_MALFORMED', pdf: rawPdf(['<< /Type /Pages /Kids [] /Count 0 >>']) },
    { name: 'no /Pages', code: 'PDF_MALFORMED', pdf: rawPdf(['<< /Type /Catalog >>']) },
    {
      name: '/Pages listing itself as a kid',
      code: 'PDF_MALFORMED',
      pdf: rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R] /Count 1 >>']),
    },
    {
      name: 'JavaScript OpenAction',
      code: 'PDF_ACTIVE_CONTENT',
      pdf: onePage({ catalog: '/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>' }),
    },
    { name: 'JavaScript in an object stream', code: 'PDF_ACTIVE_CONTENT', pdf: await javascriptInObjectStream() },
    {
      name: 'Launch action',
      code: 'PDF_ACTIVE_CONTENT',
      pdf: onePage({
        page: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>',
        extra: ['<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /Launch /F (calc.exe) >> >>'],
      }),
    },
    {
      name: 'embedded file',
      code: 'PDF_ACTIVE_CONTENT',
      pdf: onePage({
        catalog: '/Names << /EmbeddedFiles << /Names [(a.txt) 4 0 R] >> >>',
        extra: ['<< /Type /Filespec /F (a.txt) /EF << /F 5 0 R >> >>', { dict: '/Type /EmbeddedFile', data: Buffer.from('hi') }],
      }),
    },
    {
      name: 'XFA form',
      code: 'PDF_ACTIVE_CONTENT',
      pdf: onePage({ catalog: '/AcroForm << /Fields [] /XFA 4 0 R >>', extra: [{ dict: '', data: Buffer.from('<xdp/>') }] }),
    },
    { name: 'inline annotations', code: 'accepted', pdf: inlineAnnotations() },
    { name: 'AcroForm with /DR and /DA', code: 'accepted', pdf: acroFormWithResources() },
    { name: 'text containing /ByteRange', code: 'accepted', pdf: pageSaying('/ByteRange [0 1 2 3] /Contents <00>') },
  ];
}
