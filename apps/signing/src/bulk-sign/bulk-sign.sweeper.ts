import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { DatabaseHandle } from '@app/db';
import { CONFIG, DATABASE, LOGGER, outsideContext } from '@app/messaging';
import { bulkDocuments, bulkRuns } from '../database/signing.schema';
import { BulkSignDocuments, SIGNING_UNAVAILABLE } from './bulk-sign-documents';
import { BulkSignQueues } from './bulk-sign.queues';

/**
 * PostgreSQL, not Redis, says what is left to sign. Every BULK_SIGN_SWEEP_MS
 * the signing service looks at the documents still pending a while after
 * their session started: a job Redis lost (a restart without persistence, a
 * flow that was never added) is queued again, and a job the queue gave up on
 * without recording it (stalled too often) is recorded as failed.
 */
@Injectable()
export class BulkSignSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly queues: BulkSignQueues,
    private readonly documents: BulkSignDocuments,
  ) {}

  onApplicationBootstrap(): void {
    outsideContext(() => {
      this.timer = setInterval(() => {
        this.running ??= this.sweep()
          .then(() => undefined)
          .catch((error: unknown) => this.logger.warn({ err: error }, 'bulk-sign sweep failed; will try again'))
          .finally(() => (this.running = undefined));
      }, this.config.BULK_SIGN_SWEEP_MS);
      this.timer.unref();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; returns how many documents it queued again or recorded as failed. */
  async sweep(): Promise<number> {
    const pending = await this.database.db
      .select({ sessionId: bulkDocuments.sessionId, contractId: bulkDocuments.contractId })
      .from(bulkDocuments)
      .innerJoin(bulkRuns, eq(bulkRuns.sessionId, bulkDocuments.sessionId))
      .where(
        and(
          eq(bulkDocuments.state, 'PENDING'),
          lt(bulkDocuments.updatedAt, sql`now() - make_interval(secs => ${this.config.BULK_SIGN_SWEEP_MS / 1000})`),
        ),
      )
      .limit(1_000);
    let repaired = 0;
    for (const job of pending) {
      const state = await this.queues.documentJobState(job.sessionId, job.contractId);
      if (state === undefined || state === 'unknown') {
        await this.queues.requeueDocument(job.sessionId, job.contractId);
        this.logger.warn({ ...job }, 'bulk-sign job missing from Redis; queued again');
        repaired += 1;
      } else if (state === 'failed' || state === 'completed') {
        await this.documents.fail(job, SIGNING_UNAVAILABLE);
        repaired += 1;
      }
    }
    await this.database.db
      .update(bulkRuns)
      .set({ finishedAt: new Date() })
      .where(
        and(
          isNull(bulkRuns.finishedAt),
          sql`NOT EXISTS (SELECT 1 FROM ${bulkDocuments} WHERE ${bulkDocuments.sessionId} = ${bulkRuns}.${sql.identifier('session_id')} AND ${bulkDocuments.state} = 'PENDING')`,
        ),
      );
    return repaired;
  }
}
