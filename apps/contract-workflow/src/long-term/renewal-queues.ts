import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import Redis from 'ioredis';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { LONG_TERM_RENEWAL_QUEUE, LongTermRenewalJob, longTermRenewalJobId } from '@app/contracts';
import { CONFIG, LOGGER, outsideContext } from '@app/messaging';

/** The scan's queue: one job per LONG_TERM_RENEWAL_EVERY_MS from a BullMQ job scheduler, taken by one process. */
export const RENEWAL_SCAN_QUEUE = 'long-term-renewal-scan';
export const RENEWAL_SCAN_SCHEDULER = 'long-term-renewal-scan';

const DAY_SECONDS = 24 * 3_600;

/** BullMQ's connection: blocking commands wait for Redis to come back rather than fail. */
export function renewalConnection(config: AppConfig): Redis {
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, retryStrategy: (attempt) => Math.min(attempt * 200, 2_000) });
  redis.on('error', () => undefined); // reported by the operations that fail
  return redis;
}

/** The same prefix as the signing workers' queues. */
export function renewalPrefix(config: AppConfig): string {
  return `${config.REDIS_PREFIX}-bull`;
}

/** The renewal jobs contract-workflow hands to the signing workers, and the scan's scheduler. */
@Injectable()
export class RenewalQueues implements OnApplicationShutdown {
  private connection: Redis | undefined;
  private renewalQueue: Queue<LongTermRenewalJob> | undefined;
  private scanQueue: Queue | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  jobOptions(job: LongTermRenewalJob): JobsOptions {
    return {
      jobId: longTermRenewalJobId(job.contractId, job.generation),
      attempts: this.config.LONG_TERM_RENEWAL_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.LONG_TERM_RENEWAL_RETRY_BASE_MS },
      removeOnComplete: { age: DAY_SECONDS },
      removeOnFail: { age: 7 * DAY_SECONDS },
    };
  }

  /** Adds the jobs; one whose ID exists (waiting, running, done) is left as it is. */
  async add(jobs: readonly LongTermRenewalJob[]): Promise<void> {
    if (jobs.length > 0) {
      await this.renewals().addBulk(jobs.map((data) => ({ name: 'renew', data, opts: this.jobOptions(data) })));
    }
  }

  /** A renewal tried again after it gave up: its finished job of the same ID goes first, or adding it would add nothing. */
  async removeFinished(jobs: readonly LongTermRenewalJob[]): Promise<void> {
    for (const job of jobs) {
      const existing = await this.renewals().getJob(longTermRenewalJobId(job.contractId, job.generation));
      const state = existing ? await existing.getState() : undefined;
      if (existing && (state === 'failed' || state === 'completed')) {
        await existing
          .remove()
          .catch((error: unknown) => this.logger.warn({ err: error, ...job }, 'long-term renewal: old job not removed'));
      }
    }
  }

  /** Makes sure the scan's scheduler exists (after a first start, or a Redis that lost it); returns whether it was missing. */
  async ensureScheduler(): Promise<boolean> {
    const queue = this.scan();
    if (await queue.getJobScheduler(RENEWAL_SCAN_SCHEDULER)) {
      return false;
    }
    await queue.upsertJobScheduler(
      RENEWAL_SCAN_SCHEDULER,
      { every: this.config.LONG_TERM_RENEWAL_EVERY_MS },
      { name: 'scan', data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.renewalQueue?.close();
    await this.scanQueue?.close();
    this.connection?.disconnect();
  }

  // Made outside any request's context: their sockets' callbacks would otherwise carry that request's ID forever.
  private renewals(): Queue<LongTermRenewalJob> {
    if (!this.renewalQueue) {
      this.renewalQueue = outsideContext(
        () => new Queue<LongTermRenewalJob>(LONG_TERM_RENEWAL_QUEUE, { connection: this.redis(), prefix: renewalPrefix(this.config) }),
      );
      this.renewalQueue.on('error', (error) => this.logger.warn({ err: error }, 'long-term renewal queue: Redis error'));
    }
    return this.renewalQueue;
  }

  private scan(): Queue {
    if (!this.scanQueue) {
      this.scanQueue = outsideContext(
        () => new Queue(RENEWAL_SCAN_QUEUE, { connection: this.redis(), prefix: renewalPrefix(this.config) }),
      );
      this.scanQueue.on('error', (error) => this.logger.warn({ err: error }, 'long-term renewal scan queue: Redis error'));
    }
    return this.scanQueue;
  }

  private redis(): Redis {
    this.connection ??= outsideContext(() => renewalConnection(this.config));
    return this.connection;
  }
}
