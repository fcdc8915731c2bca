import { inArray } from 'drizzle-orm';
import { LongTermState } from '@app/contracts';
import { Executor } from '@app/db';
import { archiveRecords } from '../database/contract-workflow.schema';

export type ArchiveRecordRow = typeof archiveRecords.$inferSelect;

/** A concluded PDF's long-term state, as signing returned it with the last signature. */
export interface ConcludedPdf {
  readonly contractId: string;
  readonly pdfSha256: string;
  readonly longTerm: LongTermState;
}

/**
 * The archive records of PDFs just concluded: generation 0, in the caller's
 * transaction (the one that concludes the contracts). A record already there
 * (a repeated conclusion) is left as it is.
 */
export async function recordConcludedPdfs(tx: Executor, concluded: readonly ConcludedPdf[]): Promise<void> {
  if (concluded.length === 0) {
    return;
  }
  await tx
    .insert(archiveRecords)
    .values(
      concluded.map(({ contractId, pdfSha256, longTerm }) => ({
        contractId,
        pdfSha256,
        level: longTerm.level,
        archiveTimestampAt: new Date(longTerm.archiveTimestampAt),
        proofUntil: new Date(longTerm.proofUntil),
        generation: 0,
      })),
    )
    .onConflictDoNothing();
}

/** The records of these contracts, by contract ID. */
export async function archiveRecordsOf(db: Executor, contractIds: readonly string[]): Promise<Map<string, ArchiveRecordRow>> {
  if (contractIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .select()
    .from(archiveRecords)
    .where(inArray(archiveRecords.contractId, [...contractIds]));
  return new Map(rows.map((row) => [row.contractId, row]));
}
