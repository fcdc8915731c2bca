import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import Redis from 'ioredis';
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { BLOB_STORE, BlobStore } from '@app/blob-store';
import { AppConfig } from '@app/config';
import { AppError, Events, LONG_TERM_RENEWAL_QUEUE, LongTermRenewalJob, systemActor } from '@app/contracts';
import { DatabaseHandle, Executor, inTransaction } from '@app/db';
import { CONFIG, DATABASE, enqueueEvent, LOGGER, runInContext } from '@app/messaging';
import { bullConnection, bullPrefix } from '../bulk-sign/bulk-sign.queues';
import { outbox } from '../database/signing.schema';
import { LongTermExtender } from '../long-term/long-term-extension';
import { LongTermPdfError } from '../long-term/pdf-update';
import { renewals } from './renewal.schema';

type RenewalRow = typeof renewals.$inferSelect;

/** Every attempt failed for a reason that may pass (time-stamp authority away, database or Redis hiccups). */
export const RENEWAL_UNAVAILABLE = {
  code: 'RENEWAL_UNAVAILABLE',
  ja: '長期署名の延長処理で障害が続いたため、延長できませんでした。時間をおいて自動的に再試行します。',
  en: 'Renewing the long-term signature kept failing; it will be tried again later.',
};

/** The stored PDF cannot take a new document timestamp (damaged, or its proof would end at once). */
export const RENEWAL_REFUSED = {
  code: 'RENEWAL_REFUSED',
  ja: 'この文書には長期署名を付与できませんでした。運用担当者が文書を確認します。',
  en: 'A long-term signature could not be added to this document; the operator will look into it.',
};

/**
 * 長期保管延長 in a signing-worker process: takes renewal jobs
 * (LONG_TERM_RENEWAL_CONCURRENCY at a time), extends the stored PDF with a
 * fresh DSS and document timestamp (LongTermExtender), stores the new PDF
 * (the old one stays), then records the renewal and its `renewed` event in one
 * transaction — once per (contract, generation), however often the job runs.
 * A job whose worker died is taken over once its lock (BULK_SIGN_LOCK_MS)
 * lapses; a transient failure is retried with backoff, the last one (or a
 * permanent one) is announced as failed so that contract-workflow lists it.
 */
@Injectable()
export class RenewalWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker: Worker<LongTermRenewalJob> | undefined;
  private connection: Redis | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly extender: LongTermExtender,
  ) {}

  onApplicationBootstrap(): void {
    this.connection = bullConnection(this.config);
    this.worker = new Worker<LongTermRenewalJob>(LONG_TERM_RENEWAL_QUEUE, (job) => this.run(job), {
      connection: this.connection,
      prefix: bullPrefix(this.config),
      concurrency: this.config.LONG_TERM_RENEWAL_CONCURRENCY,
      lockDuration: this.config.BULK_SIGN_LOCK_MS,
      stalledInterval: Math.max(500, Math.floor(this.config.BULK_SIGN_LOCK_MS / 2)),
      maxStalledCount: 3,
    });
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'long-term renewal worker error'));
    this.logger.info({ concurrency: this.config.LONG_TERM_RENEWAL_CONCURRENCY }, 'long-term renewal worker started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    // BullMQ leaves a connection it was given open.
    this.connection?.disconnect();
  }

  private run(job: Job<LongTermRenewalJob>): Promise<string> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return runInContext({ actor: systemActor(`renew-${job.data.contractId}`) }, () => this.process(job.data, lastAttempt));
  }

  /** One attempt; returns what it did. A transient failure before the last attempt is thrown, for BullMQ to retry. */
  async process(job: LongTermRenewalJob, lastAttempt: boolean): Promise<'renewed' | 'announced-again' | 'failed'> {
    const done = await this.find(this.database.db, job);
    if (done) {
      await inTransaction(this.database.db, (tx) => this.announce(tx, done));
      return 'announced-again';
    }
    try {
      const pdf = await this.blobs.get(job.sha256);
      const extended = await this.extender.extend(pdf);
      // The new PDF is stored before the record that points to it; the old one is kept.
      const stored = await this.blobs.put(extended.pdf);
      return await inTransaction(this.database.db, async (tx) => {
        const [made] = await tx
          .insert(renewals)
          .values({
            contractId: job.contractId,
            generation: job.generation,
            previousSha256: job.sha256,
            sha256: stored.sha256,
            level: extended.level,
            archiveTimestampAt: extended.archiveTimestampAt,
            proofUntil: extended.proofUntil,
            chargedCompanyIds: job.chargedCompanyIds,
          })
          .onConflictDoNothing()
          .returning();
        // A worker that raced this one and committed first: its renewal stands, announced again.
        await this.announce(tx, made ?? (await this.find(tx, job))!);
        return made ? 'renewed' : 'announced-again';
      });
    } catch (error) {
      const permanent = (error instanceof AppError && error.reply.status < 500) || error instanceof LongTermPdfError;
      if (!permanent && !lastAttempt) {
        this.logger.warn({ err: error, ...job }, 'long-term renewal attempt failed; it will be retried');
        throw error;
      }
      const reason = permanent ? RENEWAL_REFUSED : RENEWAL_UNAVAILABLE;
      this.logger.error(
        { err: error, contractId: job.contractId, generation: job.generation, code: reason.code },
        'long-term renewal failed',
      );
      await enqueueEvent(this.database.db, outbox, Events.longTermRenewalFailed, {
        contractId: job.contractId,
        generation: job.generation,
        ...reason,
      });
      return 'failed';
    }
  }

  private async find(tx: Executor, job: LongTermRenewalJob): Promise<RenewalRow | undefined> {
    const [row] = await tx
      .select()
      .from(renewals)
      .where(and(eq(renewals.contractId, job.contractId), eq(renewals.generation, job.generation)));
    return row;
  }

  private async announce(tx: Executor, row: RenewalRow): Promise<void> {
    await enqueueEvent(tx, outbox, Events.longTermRenewed, {
      contractId: row.contractId,
      generation: row.generation,
      sha256: row.sha256,
      previousSha256: row.previousSha256,
      chargedCompanyIds: row.chargedCompanyIds,
      level: row.level,
      archiveTimestampAt: row.archiveTimestampAt.toISOString(),
      proofUntil: row.proofUntil.toISOString(),
      renewedAt: row.renewedAt.toISOString(),
    });
  }
}
