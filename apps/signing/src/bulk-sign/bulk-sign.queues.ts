import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { FlowProducer, JobsOptions, Queue } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import type { Logger } from 'pino';
import { CONFIG, LOGGER, outsideContext } from '@app/messaging';
import { currentTraceparent } from '@app/observability';

/** The documents' queue (one job per document) and the sessions' queue (the flow's parent, run when all are done). */
export const DOCUMENTS_QUEUE = 'bulk-sign-documents';
export const SESSIONS_QUEUE = 'bulk-sign-sessions';

/** What a job carries: IDs only — never PDF bytes, keys or secrets. */
export interface BulkDocumentJob {
  sessionId: string;
  contractId: string;
  /** The W3C trace context of the request that started the session (an ID), when tracing is on. */
  traceparent?: string;
}

/** A document's job ID: derived from (session, document), so adding it again adds nothing. */
export function documentJobId(sessionId: string, contractId: string): string {
  return `${sessionId}.${contractId}`;
}

/** BullMQ's connection: blocking commands must wait for Redis to come back rather than fail. */
export function bullConnection(config: AppConfig): Redis {
  const redis = new Redis(config.REDIS_URL, {
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  redis.on('error', () => undefined); // reported by the operations that fail
  return redis;
}

export function bullPrefix(config: AppConfig): string {
  return `${config.REDIS_PREFIX}-bull`;
}

const DAY_SECONDS = 24 * 3_600;

/** The job states the metrics report per queue. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** Adds sessions' flows and looks up their jobs (the signing service side; workers consume). */
@Injectable()
export class BulkSignQueues implements OnApplicationShutdown {
  private connection: Redis | undefined;
  private flows: FlowProducer | undefined;
  private queue: Queue<BulkDocumentJob> | undefined;
  private sessionQueue: Queue | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  documentJobOptions(sessionId: string, contractId: string): JobsOptions {
    return {
      jobId: documentJobId(sessionId, contractId),
      attempts: this.config.BULK_SIGN_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.BULK_SIGN_RETRY_BASE_MS },
      // A document that failed for good must not hold its session's parent job back.
      ignoreDependencyOnFailure: true,
      removeOnComplete: { age: DAY_SECONDS },
      removeOnFail: { age: 7 * DAY_SECONDS },
    };
  }

  /** One flow: the session's parent job and a child job per document. Atomic, and a no-op for jobs that exist. */
  async addSession(sessionId: string, contractIds: readonly string[]): Promise<void> {
    // Each job continues the trace of the request that started the session (the worker opens its span under it).
    const traceparent = currentTraceparent();
    const trace = traceparent ? { traceparent } : {};
    await this.flowProducer().add({
      name: 'session',
      queueName: SESSIONS_QUEUE,
      data: { sessionId, ...trace },
      opts: { jobId: sessionId, removeOnComplete: { age: DAY_SECONDS }, removeOnFail: { age: 7 * DAY_SECONDS } },
      children: contractIds.map((contractId) => ({
        name: 'document',
        queueName: DOCUMENTS_QUEUE,
        data: { sessionId, contractId, ...trace } satisfies BulkDocumentJob,
        opts: this.documentJobOptions(sessionId, contractId),
      })),
    });
  }

  /** The document's job as Redis has it: its state, or undefined when Redis has lost it. */
  async documentJobState(sessionId: string, contractId: string): Promise<string | undefined> {
    const job = await this.documents().getJob(documentJobId(sessionId, contractId));
    return job ? await job.getState() : undefined;
  }

  /** A lost document job again, on its own (its session's parent is bookkeeping only). */
  async requeueDocument(sessionId: string, contractId: string): Promise<void> {
    await this.documents().add('document', { sessionId, contractId }, this.documentJobOptions(sessionId, contractId));
  }

  /** Jobs per state in both queues (waiting, active, delayed, failed, completed), for the metrics. */
  async jobCounts(): Promise<Array<{ queue: string; counts: Record<string, number> }>> {
    this.sessionQueue ??= outsideContext(() => new Queue(SESSIONS_QUEUE, { connection: this.redis(), prefix: bullPrefix(this.config) }));
    return Promise.all(
      [this.documents(), this.sessionQueue].map(async (queue) => ({
        queue: queue.name,
        counts: await queue.getJobCounts(...JOB_STATES),
      })),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flows?.close();
    await this.queue?.close();
    await this.sessionQueue?.close();
    this.connection?.disconnect();
  }

  // The connection, producer and queue are made on a request's first use but outlive it: they are made outside
  // its context, or every later Redis warning would carry that first request's ID (their sockets' callbacks
  // run in the context they were opened in).
  private flowProducer(): FlowProducer {
    if (!this.flows) {
      this.flows = outsideContext(() => new FlowProducer({ connection: this.redis(), prefix: bullPrefix(this.config) }));
      this.flows.on('error', (error) => this.logger.warn({ err: error }, 'bulk-sign flow producer: Redis error'));
    }
    return this.flows;
  }

  private documents(): Queue<BulkDocumentJob> {
    if (!this.queue) {
      this.queue = outsideContext(
        () => new Queue<BulkDocumentJob>(DOCUMENTS_QUEUE, { connection: this.redis(), prefix: bullPrefix(this.config) }),
      );
      this.queue.on('error', (error) => this.logger.warn({ err: error }, 'bulk-sign queue: Redis error'));
    }
    return this.queue;
  }

  private redis(): Redis {
    this.connection ??= outsideContext(() => bullConnection(this.config));
    return this.connection;
  }
}
