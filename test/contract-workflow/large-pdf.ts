import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/**
 * A one-page PDF of exactly `bytes` bytes, the bulk of it an uncompressed
 * grey-scale image of incompressible noise — how a scanned annex grows a
 * contract (no attachment and no filter: nothing for a parser to inflate).
 */
export async function scannedPdf(bytes: number): Promise<Buffer> {
  const width = 1024;
  let rows = Math.max(1, Math.floor((bytes - 4096) / width));
  let pad = 0;
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const pdf = await build(width, rows, pad);
    const missing = bytes - pdf.length;
    if (missing === 0) {
      return pdf;
    }
    if (pad + missing >= 0 && pad + missing < 4 * width) {
      pad += missing;
    } else {
      rows += Math.trunc(missing / width);
    }
  }
  throw new Error(`no PDF of ${bytes} bytes`);
}

async function build(width: number, rows: number, pad: number): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const page = document.addPage();
  page.drawText('Construction contract - scanned drawings', { font, x: 50, y: 750, size: 14 });
  const noise = Buffer.alloc(width * rows);
  const seed = createHash('sha512').update(String(Math.random()));
  for (let offset = 0; offset < noise.length; offset += 64) {
    seed.copy().update(String(offset)).digest().copy(noise, offset);
  }
  const image = document.context.register(
    document.context.stream(noise, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: width,
      Height: rows,
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 8,
    }),
  );
  const name = page.node.newXObject('Scan', image).asString();
  // A comment in the content stream sets the exact size.
  const comment = pad > 0 ? `%${'x'.repeat(Math.max(0, pad - 2))}\n`.slice(0, pad) : '';
  page.node.addContentStream(document.context.register(document.context.stream(`${comment}q 500 0 0 600 50 100 cm ${name} Do Q`)));
  return Buffer.from(await document.save({ useObjectStreams: false }));
}
