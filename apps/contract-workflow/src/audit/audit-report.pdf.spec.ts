import { PDFDocument } from 'pdf-lib';
import { AuditEntry } from '@app/contracts';
import { asciiOnly, renderAuditReport } from './audit-report.pdf';

const entry = (seq: number): AuditEntry => ({
  contractId: '7d3c1f0e-8a1b-4c2d-9e3f-000000000001',
  documentNumber: '0000000283',
  seq,
  action: 'APPROVE',
  actor: { kind: 'user', userId: 'U000003', companyId: 'C000001' },
  senderCompanyId: 'C000001',
  receiverCompanyId: 'C000002',
  sentToReceiver: true,
  clientIp: '192.0.2.1',
  documentSha256: 'd'.repeat(64),
  details: { comment: '承認します' },
  occurredAt: '2026-11-25T10:00:00.000Z',
  previousHash: '0'.repeat(64),
  hash: 'e'.repeat(64),
});

describe('audit report PDF', () => {
  it('writes characters the standard font lacks as \\uXXXX, keeping ASCII as it is', () => {
    expect(asciiOnly('comment: 承認 ok')).toBe('comment: \\u627f\\u8a8d ok');
  });

  it('continues on new pages for a long trail and keeps the Japanese title in the document information', async () => {
    const entries = Array.from({ length: 60 }, (_, index) => entry(index + 1));
    const bytes = await renderAuditReport(
      { contractId: entries[0].contractId, documentNumber: '0000000283', entries },
      { contractId: entries[0].contractId, valid: false, entries: 60, firstBrokenAt: 7 },
      new Date('2026-11-25T12:00:00Z'),
    );
    const document = await PDFDocument.load(bytes);
    expect(document.getPageCount()).toBeGreaterThan(3);
    expect(document.getTitle()).toBe('監査証跡 0000000283');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
