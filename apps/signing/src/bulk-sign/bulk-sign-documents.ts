import { Inject, Injectable } from '@nestjs/common';
import { and, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { BLOB_STORE, BlobStore } from '@app/blob-store';
import { AppConfig } from '@app/config';
import { AppError, BulkDocumentsSigned, bulkSigningRequestId, Events, systemActor } from '@app/contracts';
import { DatabaseHandle, Executor, insertRows, inTransaction, preparedStatement } from '@app/db';
import { Batcher, CONFIG, DATABASE, enqueueEvent, enqueueEvents, LOGGER, OutboxEntry } from '@app/messaging';
import { CertificateRow } from '../certificates/certificates.repository';
import { bulkDocuments, bulkRuns, outbox, signatures } from '../database/signing.schema';
import { SignerKeys } from '../documents/signer-keys';
import { LongTermExtender, LongTermResult } from '../long-term/long-term-extension';
import { BulkDocumentJob } from './bulk-sign.queues';
import { ExpiringCache } from './expiring-cache';
import { MemoryBudget, MemoryPeak, memoryShareOf } from './memory-budget';

export type BulkDocumentRow = typeof bulkDocuments.$inferSelect;
type BulkRunRow = typeof bulkRuns.$inferSelect;

/** Transient failures that used up every attempt. */
export const SIGNING_UNAVAILABLE = {
  code: 'SIGNING_UNAVAILABLE',
  ja: '署名処理で障害が続いたため、この契約文書には署名できませんでした。もう一度一括署名するか、個別に署名してください。',
  en: 'Signing kept failing for this document, so it was not signed. Bulk-sign it again or sign it on its own.',
};

/** The signature record's request: one per session and document, so a document is signed once per session. */
export function signatureRequestId(sessionId: string, contractId: string): string {
  return `${bulkSigningRequestId(sessionId)}-${contractId}`;
}

/** A document this worker has signed, waiting to be stored and recorded with the others of its batch. */
interface SignedDocument {
  run: BulkRunRow;
  document: BulkDocumentRow;
  signed: Buffer;
  serialNumber: string;
  /** The receiver's signature concludes the document: it was extended to PAdES B-LTA. */
  longTerm: Omit<LongTermResult, 'pdf'>;
}

/** A job's document and session, looked up with the others that started together; the PDF's size when it is still to be signed. */
interface Lookup {
  found?: { run: BulkRunRow; document: BulkDocumentRow };
  pdfBytes?: number;
}

/** How long a worker reuses a session's checked certificate before checking it again (revocation, lock). */
const CERTIFICATE_TTL_MS = 5_000;

// The statements of every batch a worker signs, built once (see preparedStatement).
/**
 * The documents of the jobs' sessions and contracts, with their sessions: every (session, contract) pair of the two
 * lists, so the caller picks its pairs out (a batch's jobs are of one or two sessions). Two lists are two index
 * conditions whatever the table's statistics say; pairs from `unnest` were joined by session only, reading each
 * session's 200 rows, until the table was first analysed (0.13 against 2.1 ms for 32 jobs).
 */
const lookUpStatement = preparedStatement('signing.bulk.look_up', (db) =>
  db
    .select({ run: bulkRuns, document: bulkDocuments })
    .from(bulkDocuments)
    .innerJoin(bulkRuns, eq(bulkRuns.sessionId, bulkDocuments.sessionId))
    .where(
      sql`${bulkDocuments.sessionId} = ANY(${sql.placeholder('sessionIds')}::uuid[]) AND ${bulkDocuments.contractId} = ANY(${sql.placeholder('contractIds')}::uuid[])`,
    ),
);
/** Pending documents signed, each with its signed PDF's hash; those no longer pending are left alone. */
const markSignedStatement = preparedStatement('signing.bulk.mark_signed', (db) =>
  db
    .update(bulkDocuments)
    .set({ state: 'SIGNED', signedSha256: sql`batch.signed_sha256`, attempts: sql`${bulkDocuments.attempts} + 1`, updatedAt: sql`now()` })
    .from(
      sql`unnest(${sql.placeholder('sessionIds')}::uuid[], ${sql.placeholder('contractIds')}::uuid[], ${sql.placeholder('signedSha256s')}::text[]) AS batch(session_id, contract_id, signed_sha256)`,
    )
    .where(
      sql`${bulkDocuments.sessionId} = batch.session_id AND ${bulkDocuments.contractId} = batch.contract_id AND ${bulkDocuments.state} = 'PENDING'`,
    )
    .returning(),
);

/**
 * Signs one document of an accepted session: exactly once, whatever the
 * number of attempts. The signature record (unique per session and document),
 * the document's state and the `documents-signed` event commit together; an
 * attempt that finds the document finished only announces it again.
 */
@Injectable()
export class BulkSignDocuments {
  /**
   * Each session's certificate, checked at most every few seconds (revocation, lock). The jobs that start together
   * wait for one check, instead of one each.
   */
  private readonly certificates = new ExpiringCache<string, CertificateRow>({ ttlMs: CERTIFICATE_TTL_MS, maxEntries: 100 });
  /** The jobs a worker starts within a few milliseconds share one lookup: two statements instead of two each. */
  private readonly lookups = new Batcher<BulkDocumentJob, Lookup>({
    maxSize: 32,
    maxInFlight: 2,
    lingerMs: 2,
    handle: (batch) => this.lookUp(batch),
  });
  /** The PDFs of the documents let in by the memory budget meanwhile, read in one statement. */
  private readonly pdfs = new Batcher<string, Buffer | undefined>({
    maxSize: 32,
    maxInFlight: 2,
    lingerMs: 2,
    handle: async (hashes) => {
      const found = await this.blobs.getAll(hashes);
      return hashes.map((sha256) => found.get(sha256));
    },
  });
  /** The bytes of PDFs this worker holds at once (BULK_SIGN_MEMORY_MB), whatever their number. */
  private readonly memory: MemoryBudget;
  /** A worker signs one document at a time, so its batches grow only if they wait a moment for the next ones. */
  private readonly records = new Batcher<SignedDocument>({
    maxSize: 32,
    maxInFlight: 2,
    lingerMs: 10,
    handle: (batch) => this.record(batch),
  });

  constructor(
    @Inject(CONFIG) config: AppConfig,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly keys: SignerKeys,
    private readonly longTerm: LongTermExtender,
  ) {
    this.memory = new MemoryBudget(config.BULK_SIGN_MEMORY_MB * 1024 * 1024);
  }

  /** The most this worker's documents have held at once: bytes of their shares, and documents. */
  get memoryPeak(): MemoryPeak & { limitBytes: number } {
    return { ...this.memory.peak, limitBytes: this.memory.limitBytes };
  }

  /**
   * One attempt. A permanent refusal (certificate revoked, document missing)
   * or the last attempt's failure is recorded and announced; an earlier
   * transient failure is thrown so the queue retries it with backoff.
   */
  async process(job: BulkDocumentJob, lastAttempt: boolean): Promise<'signed' | 'failed' | 'announced-again'> {
    const lookup = await this.lookups.add(job);
    const { found } = lookup;
    if (!found) {
      this.logger.warn({ ...job }, 'bulk-sign job for an unknown document; dropped');
      return 'failed';
    }
    const { run, document } = found;
    if (document.state !== 'PENDING') {
      await inTransaction(this.database.db, (tx) => this.announce(tx, run, document));
      return 'announced-again';
    }
    try {
      await this.sign(run, document, lookup.pdfBytes);
      return 'signed';
    } catch (error) {
      const permanent = error instanceof AppError && error.reply.status < 500;
      if (!permanent && !lastAttempt) {
        this.logger.warn({ err: error, ...job }, 'bulk-sign document attempt failed; it will be retried');
        throw error;
      }
      const reason = error instanceof AppError && permanent ? { code: error.reply.code, ...error.reply.message } : SIGNING_UNAVAILABLE;
      this.logger.error({ err: error, ...job, code: reason.code }, 'bulk-sign document failed');
      await this.fail(job, reason);
      return 'failed';
    }
  }

  /** Records a document as failed for good (once) and tells the workflow. */
  async fail(job: BulkDocumentJob, reason: { code: string; ja: string; en: string }): Promise<void> {
    await inTransaction(this.database.db, async (tx) => {
      const [failed] = await tx
        .update(bulkDocuments)
        .set({ state: 'FAILED', failureCode: reason.code, attempts: sql`${bulkDocuments.attempts} + 1`, updatedAt: sql`now()` })
        .where(
          and(eq(bulkDocuments.sessionId, job.sessionId), eq(bulkDocuments.contractId, job.contractId), eq(bulkDocuments.state, 'PENDING')),
        )
        .returning();
      const [run] = await tx.select().from(bulkRuns).where(eq(bulkRuns.sessionId, job.sessionId));
      if (failed && run) {
        await enqueueEvent(
          tx,
          outbox,
          Events.bulkDocumentFailed,
          { sessionId: job.sessionId, contractId: job.contractId, userId: run.userId, ...reason },
          systemActor(`bulk-${job.sessionId}`),
        );
      }
    });
  }

  /**
   * The PDF is read only once the memory budget lets the document in, and its
   * share is given back once the signed copy is committed. A PDF the blob
   * store does not have is asked for again, so that it says why.
   */
  private async sign(run: BulkRunRow, document: BulkDocumentRow, pdfBytes: number | undefined): Promise<void> {
    const certificate = await this.certificate(run);
    const share = memoryShareOf(pdfBytes ?? 0);
    if (this.memory.wouldWait(share)) {
      const { sessionId, contractId } = document;
      const waiting = {
        sessionId,
        contractId,
        pdfBytes,
        shareBytes: share,
        usedBytes: this.memory.usedBytes,
        limitBytes: this.memory.limitBytes,
      };
      this.logger.debug(waiting, 'bulk-sign document waits for memory');
    }
    const release = await this.memory.acquire(share);
    try {
      const pdf = (await this.pdfs.add(document.documentSha256)) ?? (await this.blobs.get(document.documentSha256));
      const signed = await this.keys.sign(certificate, pdf, run.userId);
      // The receiver's is the last signature: B-LTA before the concluded PDF is stored (with the others of its batch).
      const { pdf: extended, ...longTerm } = await this.longTerm.extend(signed);
      await this.records.add({ run, document, signed: extended, serialNumber: certificate.serialNumber, longTerm });
    } finally {
      release();
    }
  }

  /**
   * The signatures that this worker's jobs finished together, stored and
   * recorded in one transaction: the signed PDFs, the signature records, the
   * documents' state and one `documents-signed` event per session, four
   * statements for the whole batch.
   */
  private async record(batch: SignedDocument[]): Promise<void> {
    await inTransaction(this.database.db, async (tx) => {
      const stored = await this.blobs.putAll(
        batch.map(({ signed }) => signed),
        tx,
      );
      const signedSha256Of = (index: number) => stored[index].sha256;
      const made = await insertRows(
        tx,
        signatures,
        batch.map(({ run, document, serialNumber }, index) => ({
          requestId: signatureRequestId(run.sessionId, document.contractId),
          documentSha256: document.documentSha256,
          signedSha256: signedSha256Of(index),
          serialNumber,
          userId: run.userId,
          companyId: run.companyId,
        })),
        {
          onConflictDoNothing: true,
          returning: { requestId: signatures.requestId, signedAt: signatures.signedAt },
          keptReferencePlans: true,
          unnest: true,
        },
      );
      // drizzle types an update from a function (not a table) as if it returned nothing; it returns the documents' rows.
      const updated = (await markSignedStatement(tx, {
        sessionIds: batch.map(({ document }) => document.sessionId),
        contractIds: batch.map(({ document }) => document.contractId),
        signedSha256s: batch.map((_, index) => signedSha256Of(index)),
      })) as unknown as BulkDocumentRow[];
      // Only the attempt that finished a document announces it; a racing one changes nothing.
      const signedAt = new Map(made.map((row) => [row.requestId, row.signedAt]));
      await this.announceAll(
        tx,
        updated.map((document) => {
          const { run, longTerm } = batch.find(
            (entry) => entry.document.contractId === document.contractId && entry.run.sessionId === document.sessionId,
          )!;
          return { run, document, signedAt: signedAt.get(signatureRequestId(run.sessionId, document.contractId)), longTerm };
        }),
      );
    });
  }

  /** The outcome of a document already finished, announced again (a retried job). */
  private async announce(tx: Executor, run: BulkRunRow, document: BulkDocumentRow): Promise<void> {
    await this.announceAll(tx, [{ run, document }]);
  }

  /**
   * The documents' outcomes as events: the signed ones of each session in one
   * `documents-signed` event, each failed one in its own. `signedAt` when the
   * caller has just made the signature, else it is read.
   */
  private async announceAll(
    tx: Executor,
    outcomes: { run: BulkRunRow; document: BulkDocumentRow; signedAt?: Date; longTerm?: Omit<LongTermResult, 'pdf'> }[],
  ): Promise<void> {
    const entries: OutboxEntry[] = [];
    const signedBySession = new Map<string, { run: BulkRunRow; documents: BulkDocumentsSigned['documents'] }>();
    for (const { run, document, signedAt, longTerm } of outcomes) {
      if (document.state === 'SIGNED') {
        const [signature] = signedAt
          ? [{ signedAt }]
          : await tx
              .select({ signedAt: signatures.signedAt })
              .from(signatures)
              .where(
                and(
                  eq(signatures.requestId, signatureRequestId(run.sessionId, document.contractId)),
                  eq(signatures.documentSha256, document.documentSha256),
                ),
              );
        const session = signedBySession.get(run.sessionId) ?? { run, documents: [] };
        session.documents.push({
          contractId: document.contractId,
          documentSha256: document.documentSha256,
          signedSha256: document.signedSha256 as string,
          signedAt: (signature?.signedAt ?? new Date()).toISOString(),
          ...(await this.longTermOf(document, longTerm)),
        });
        signedBySession.set(run.sessionId, session);
      } else if (document.state === 'FAILED') {
        entries.push({
          event: Events.bulkDocumentFailed,
          payload: {
            sessionId: run.sessionId,
            contractId: document.contractId,
            userId: run.userId,
            code: document.failureCode ?? SIGNING_UNAVAILABLE.code,
            ja: SIGNING_UNAVAILABLE.ja,
            en: SIGNING_UNAVAILABLE.en,
          },
          actor: systemActor(`bulk-${run.sessionId}`),
        });
      }
    }
    for (const { run, documents } of signedBySession.values()) {
      entries.push({
        event: Events.bulkDocumentsSigned,
        payload: { sessionId: run.sessionId, userId: run.userId, serialNumber: run.serialNumber, documents },
        actor: systemActor(`bulk-${run.sessionId}`),
      });
    }
    await enqueueEvents(tx, outbox, entries);
  }

  /** The event's long-term fields: as just made, or (a document announced again) read from the stored PDF. */
  private async longTermOf(document: BulkDocumentRow, made: Omit<LongTermResult, 'pdf'> | undefined) {
    const state = made ?? this.longTerm.stateOf(await this.blobs.get(document.signedSha256 as string));
    if (state.level !== 'B-LTA' || !state.archiveTimestampAt || !state.proofUntil) {
      return {};
    }
    return {
      longTerm: {
        level: state.level,
        archiveTimestampAt: state.archiveTimestampAt.toISOString(),
        proofUntil: state.proofUntil.toISOString(),
      },
    };
  }

  /** Each job's document and session, and the sizes of the PDFs of those still pending, in one query each. */
  private async lookUp(jobs: BulkDocumentJob[]): Promise<Lookup[]> {
    const sessionIds = [...new Set(jobs.map((job) => job.sessionId))];
    const contractIds = [...new Set(jobs.map((job) => job.contractId))];
    const rows = await lookUpStatement(this.database.db, { sessionIds, contractIds });
    const found = jobs.map((job) =>
      rows.find(({ document }) => document.sessionId === job.sessionId && document.contractId === job.contractId),
    );
    const pending = found.flatMap((row) => (row?.document.state === 'PENDING' ? [row.document.documentSha256] : []));
    const sizes = await this.blobs.sizesOf([...new Set(pending)]);
    return found.map((row) => ({ found: row, pdfBytes: row && sizes.get(row.document.documentSha256) }));
  }

  /** The session's certificate, checked again at most every few seconds (a revocation stops the rest of the batch). */
  private certificate(run: BulkRunRow): Promise<CertificateRow> {
    return this.certificates.get(run.sessionId, () => this.keys.usable(run.companyId, run.userId, run.serialNumber));
  }
}
