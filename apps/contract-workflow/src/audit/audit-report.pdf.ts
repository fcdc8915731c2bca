import { PDFDocument, PDFFont, PDFPage, StandardFonts } from 'pdf-lib';
import { AuditTrailView, AuditVerification } from '@app/contracts';

/**
 * 監査証跡 as a PDF. No Japanese font can be embedded offline here (pdf-lib
 * needs fontkit and a CJK font file), so the page text uses the standard
 * Helvetica with romanised labels; any character outside printable ASCII in
 * a value is written as \uXXXX so nothing is lost. The Japanese title is in
 * the document information (Unicode there needs no font).
 */
const PAGE = { width: 595.28, height: 841.89, margin: 40 };
const SIZE = { title: 14, text: 8 };
const LINE = 11;

export function asciiOnly(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

class PageWriter {
  private page: PDFPage;
  private y: number;

  constructor(
    private readonly document: PDFDocument,
    private readonly font: PDFFont,
  ) {
    this.page = this.newPage();
    this.y = PAGE.height - PAGE.margin;
  }

  title(text: string): void {
    this.ensureRoom(SIZE.title + 6);
    this.page.drawText(asciiOnly(text), { x: PAGE.margin, y: this.y, size: SIZE.title, font: this.font });
    this.y -= SIZE.title + 8;
  }

  line(text: string, indent = 0): void {
    const width = PAGE.width - 2 * PAGE.margin - indent;
    for (const part of this.wrap(asciiOnly(text), width)) {
      this.ensureRoom(LINE);
      this.page.drawText(part, { x: PAGE.margin + indent, y: this.y, size: SIZE.text, font: this.font });
      this.y -= LINE;
    }
  }

  gap(): void {
    this.y -= LINE / 2;
  }

  private wrap(text: string, width: number): string[] {
    const parts: string[] = [];
    let rest = text;
    while (this.font.widthOfTextAtSize(rest, SIZE.text) > width) {
      let cut = rest.length;
      while (cut > 1 && this.font.widthOfTextAtSize(rest.slice(0, cut), SIZE.text) > width) {
        cut -= 1;
      }
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    parts.push(rest);
    return parts;
  }

  private ensureRoom(height: number): void {
    if (this.y - height < PAGE.margin) {
      this.page = this.newPage();
      this.y = PAGE.height - PAGE.margin;
    }
  }

  private newPage(): PDFPage {
    return this.document.addPage([PAGE.width, PAGE.height]);
  }
}

export async function renderAuditReport(trail: AuditTrailView, verification: AuditVerification, generatedAt: Date): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.setTitle(`監査証跡 ${trail.documentNumber}`);
  document.setSubject(`Audit trail of contract ${trail.contractId}`);
  document.setProducer('inkan');
  document.setCreationDate(generatedAt);
  const writer = new PageWriter(document, await document.embedFont(StandardFonts.Helvetica));
  const first = trail.entries[0];

  writer.title('Kansa shoseki (Audit trail)');
  writer.line(`Bunsho kanri bango (Document number): ${trail.documentNumber}`);
  writer.line(`Contract ID: ${trail.contractId}`);
  writer.line(
    `Hasshin-sha (Sender company): ${first?.senderCompanyId ?? '-'}    Jushin-sha (Receiver company): ${first?.receiverCompanyId ?? '-'}`,
  );
  writer.line(
    `Hash chain: ${verification.valid ? 'VALID' : `BROKEN at entry #${verification.firstBrokenAt}`} (${verification.entries} entries; ` +
      'hash = SHA-256(previous hash + canonical JSON of the entry))',
  );
  writer.line(`Generated at: ${generatedAt.toISOString()}`);
  writer.gap();

  for (const entry of trail.entries) {
    const actor = [entry.actor.kind, entry.actor.userId, entry.actor.companyId].filter(Boolean).join(' ');
    writer.line(`#${entry.seq}  ${entry.occurredAt}  ${entry.action}`);
    writer.line(`Actor: ${actor}    Client IP: ${entry.clientIp ?? '-'}`, 12);
    writer.line(`Document SHA-256: ${entry.documentSha256 ?? '-'}`, 12);
    if (Object.keys(entry.details).length > 0) {
      writer.line(`Details: ${JSON.stringify(entry.details)}`, 12);
    }
    writer.line(`Previous hash: ${entry.previousHash}`, 12);
    writer.line(`Entry hash:    ${entry.hash}`, 12);
    writer.gap();
  }
  return Buffer.from(await document.save());
}
