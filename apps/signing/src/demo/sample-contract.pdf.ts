import { randomBytes } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/**
 * A small two-page contract as an office tool would export it: pdf-lib's
 * default output, with a cross-reference stream and object streams, so the
 * demo goes through the same normalisation as a real upload. With
 * `annexBytes`, a file of that many random (incompressible) bytes is attached,
 * as drawings attached to a construction contract make it large.
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
  for (const [index, heading] of ['Subcontract agreement', 'Annex 1 - Scope of works'].entries()) {
    const page = document.addPage([595.28, 841.89]);
    page.drawText(heading, { x: 56, y: 770, size: 18, font: bold });
    (index === 0 ? lines : ['Interior finishing, 3rd floor, per drawings A-101 to A-120.']).forEach((line, i) => {
      page.drawText(line, { x: 56, y: 720 - i * 22, size: 10, font });
    });
  }
  if (options.annexBytes) {
    await document.attach(randomBytes(options.annexBytes), 'annex-drawings.bin', { mimeType: 'application/octet-stream' });
  }
  return Buffer.from(await document.save());
}
