import { ArchivedContract, ArchiveLongTerm, TRADE_SIDES } from '@app/contracts';
import { ContractRow } from '../contracts/contracts.repository';
import { ArchiveRecordRow } from './archive-records';

/** The archive record as the API shows it (null: a contract concluded before long-term signatures). */
export function toArchiveLongTerm(record: ArchiveRecordRow | undefined, expiring = false): ArchiveLongTerm | null {
  return record
    ? {
        level: record.level,
        archiveTimestampAt: record.archiveTimestampAt?.toISOString() ?? null,
        proofUntil: record.proofUntil?.toISOString() ?? null,
        generation: record.generation,
        expiring,
      }
    : null;
}

/** A concluded contract as the viewer's company sees it, with where to download its PDF, validation report and audit trail. */
export function toArchivedContract(
  row: ContractRow,
  viewerCompanyId: string,
  record?: ArchiveRecordRow,
  expiring = false,
): ArchivedContract {
  const weSent = row.senderCompanyId === viewerCompanyId;
  const side = weSent ? (row.senderSide === 'ORDERER' ? 'CONTRACTOR' : 'ORDERER') : row.senderSide;
  return {
    contractId: row.id,
    documentNumber: row.documentNumber,
    name: row.name,
    signatureMode: row.signatureMode,
    ourRole: weSent ? 'SENDER' : 'RECEIVER',
    counterparty: {
      companyId: weSent ? row.receiverCompanyId : row.senderCompanyId,
      companyName: weSent ? row.receiverCompanyName : row.senderCompanyName,
      side,
      sideLabel: TRADE_SIDES[side],
    },
    transactionDate: row.transactionDate,
    amount: row.amount,
    concludedAt: (row.concludedAt ?? row.updatedAt).toISOString(),
    sha256: row.currentSha256,
    longTerm: toArchiveLongTerm(record, expiring),
    // The audit trail has its own endpoints (both parties, hash-chained); the archive links to them.
    links: {
      pdf: `/api/archive/${row.id}/pdf`,
      validationReport: `/api/archive/${row.id}/validation-report`,
      auditTrail: `/api/contracts/${row.id}/audit`,
      auditTrailPdf: `/api/contracts/${row.id}/audit.pdf`,
      auditTrailVerification: `/api/contracts/${row.id}/audit/verify`,
    },
  };
}
