import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { and, eq, isNull } from 'drizzle-orm';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { systemActor } from '@app/contracts';
import { DatabaseHandle } from '@app/db';
import { CONFIG, DATABASE, LOGGER, runInContext } from '@app/messaging';
import { BulkSignOutcome, contextFrom, inSpan, METRICS, PlatformMetrics, SpanKind } from '@app/observability';
import { bulkRuns } from '../database/signing.schema';
import { BulkSignDocuments } from './bulk-sign-documents';
import { BulkDocumentJob, bullConnection, bullPrefix, DOCUMENTS_QUEUE, SESSIONS_QUEUE } from './bulk-sign.queues';

/**
 * The BullMQ workers of a signing-worker process: documents (concurrency
 * BULK_SIGN_CONCURRENCY, and as many PDF bytes as BULK_SIGN_MEMORY_MB allows) and sessions (the flow's parent: marks the run
 * finished). A job whose worker died is taken over once its lock
 * (BULK_SIGN_LOCK_MS) has lapsed.
 */
@Injectable()
export class BulkSignWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private workers: Worker[] = [];

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly documents: BulkSignDocuments,
    @Inject(METRICS) private readonly metrics: PlatformMetrics,
  ) {}

  onApplicationBootstrap(): void {
    const common = {
      prefix: bullPrefix(this.config),
      lockDuration: this.config.BULK_SIGN_LOCK_MS,
      stalledInterval: Math.max(500, Math.floor(this.config.BULK_SIGN_LOCK_MS / 2)),
      maxStalledCount: 3,
    };
    const documents = new Worker<BulkDocumentJob>(DOCUMENTS_QUEUE, (job) => this.document(job), {
      ...common,
      connection: bullConnection(this.config),
      concurrency: this.config.BULK_SIGN_CONCURRENCY,
    });
    const sessions = new Worker<{ sessionId: string }>(SESSIONS_QUEUE, (job) => this.session(job), {
      ...common,
      connection: bullConnection(this.config),
      concurrency: 4,
    });
    for (const worker of [documents, sessions]) {
      worker.on('error', (error) => this.logger.error({ err: error, queue: worker.name }, 'bulk-sign worker error'));
    }
    this.workers = [documents, sessions];
    this.logger.info({ concurrency: this.config.BULK_SIGN_CONCURRENCY }, 'bulk-sign workers started');
  }

  async onApplicationShutdown(): Promise<void> {
    // Running jobs finish first; a process killed instead leaves them to another worker after the lock lapses.
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  private async document(job: Job<BulkDocumentJob>): Promise<string> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const started = performance.now();
    let outcome: BulkSignOutcome = 'retrying'; // a throw: BullMQ tries the document again
    try {
      // The job's span continues the trace of the request that started the session (traceparent in the job data).
      outcome = await inSpan('bulk-sign document', jobSpan(job.data, 'bulk-sign-documents'), () =>
        runInContext({ actor: systemActor(`bulk-${job.data.sessionId}`) }, () => this.documents.process(job.data, lastAttempt)),
      );
      return outcome;
    } finally {
      this.metrics.bulkSignDocuments.inc({ outcome });
      this.metrics.bulkSignDocumentDuration.observe({ outcome }, (performance.now() - started) / 1_000);
    }
  }

  private session(job: Job<{ sessionId: string; traceparent?: string }>): Promise<void> {
    return inSpan('bulk-sign session', jobSpan(job.data, 'bulk-sign-sessions'), () => this.finishSession(job.data.sessionId));
  }

  private async finishSession(sessionId: string): Promise<void> {
    await this.database.db
      .update(bulkRuns)
      .set({ finishedAt: new Date() })
      .where(and(eq(bulkRuns.sessionId, sessionId), isNull(bulkRuns.finishedAt)));
    // The memory this worker's documents have held at most at once, for the operator sizing BULK_SIGN_MEMORY_MB.
    this.logger.info({ sessionId, memoryPeak: this.documents.memoryPeak }, 'bulk-sign session processed');
  }
}

/** A job's consumer span: under the trace its data carries, else a trace of its own. */
function jobSpan(data: { sessionId: string; contractId?: string; traceparent?: string }, queue: string) {
  return {
    kind: SpanKind.CONSUMER,
    parent: contextFrom({ traceparent: data.traceparent }),
    attributes: {
      'messaging.system': 'bullmq',
      'messaging.destination.name': queue,
      'inkan.service': 'signing-worker',
      'inkan.bulk_session_id': data.sessionId,
      ...(data.contractId ? { 'inkan.contract_id': data.contractId } : {}),
    },
  };
}
