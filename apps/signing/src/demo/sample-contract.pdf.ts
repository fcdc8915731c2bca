import { randomBytes } from 'node:crypto';
import { PDFDocument, PDFName, PDFPage, StandardFonts } from 'pdf-lib';

/**
 * `bytes` of incompressible data as a scanned drawing: an image XObject in
 * the page's resources (DCT, which nothing here decodes), so a test or demo
 * file is large the way scans make real contracts large. Not an attached
 * file: registration refuses embedded files (docs/security.md).
 */
export function addScannedAnnex(document: PDFDocument, page: PDFPage, bytes: Buffer): void {
  const image = document.context.register(
    document.context.stream(bytes, {
      Type: 'XObject',
      Subtype: 'Image',
      Width: 1,
      Height: 1,
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 8,
      Filter: 'DCTDecode',
    }),
  );
  const resources = page.node.Resources() ?? document.context.obj({});
  resources.set(PDFName.of('XObject'), document.context.obj({ Annex: image }));
  page.node.set(PDFName.of('Resources'), resources);
}

/**
 * A small two-page contract as an office tool would export it: pdf-lib's
 * default output, with a cross-reference stream and object streams, so the
 * demo goes through the same normalisation as a real upload. With
 * `annexBytes`, that many random (incompressible) bytes are added as a scanned
 * drawing, as the drawings of a construction contract make it large.
 */
export async function sampleContractPdf(options: { annexBytes?: number } = {}): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.setTitle('Subcontract agreement (sample)');
  const font = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  const lines = [
    'Article 1 (Purpose) The contractor entrusts the subcontractor with the works described in Annex 1.',
    'Article 2 (Price) The price is JPY 1,100,000 including consumption tax.',
    'Article 3 (Term) The works are completed by 31 March 2027.',
    'Article 4 (Signatures) Both parties sign this document electronically on inkan.',
  ];
  let annexPage: PDFPage | undefined;
  for (const [index, heading] of ['Subcontract agreement', 'Annex 1 - Scope of works'].entries()) {
    const page = document.addPage([595.28, 841.89]);
    annexPage = page;
    page.drawText(heading, { x: 56, y: 770, size: 18, font: bold });
    (index === 0 ? lines : ['Interior finishing, 3rd floor, per drawings A-101 to A-120.']).forEach((line, i) => {
      page.drawText(line, { x: 56, y: 720 - i * 22, size: 10, font });
    });
  }
  if (options.annexBytes && annexPage) {
    addScannedAnnex(document, annexPage, randomBytes(options.annexBytes));
  }
  return Buffer.from(await document.save());
}
