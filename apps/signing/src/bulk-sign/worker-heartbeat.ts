import { hostname } from 'node:os';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import {
  SIGNING_WORKER_HEARTBEAT_MS,
  SIGNING_WORKER_HEARTBEAT_TTL_MS,
  SigningWorkerHeartbeat,
  signingWorkerKeyPrefix,
} from '@app/contracts';
import { CONFIG, LOGGER } from '@app/messaging';
import { REDIS } from '../redis/redis.module';

/**
 * A signing-worker process's heartbeat key in Redis (libs/contracts signing-workers.schema.ts):
 * "running" while it takes jobs, "draining" from SIGTERM until its documents are done, then
 * removed. A worker that dies simply stops beating and its key expires.
 */
@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly instance = `${hostname()}:${process.pid}`;
  private readonly startedAt = new Date().toISOString();
  private state: SigningWorkerHeartbeat['state'] = 'running';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  private get key(): string {
    return `${signingWorkerKeyPrefix(this.config.REDIS_PREFIX)}${this.instance}`;
  }

  onApplicationBootstrap(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), SIGNING_WORKER_HEARTBEAT_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    this.state = 'draining';
    void this.beat();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.del(this.key).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    const heartbeat: SigningWorkerHeartbeat = {
      instance: this.instance,
      state: this.state,
      startedAt: this.startedAt,
      beatAt: new Date().toISOString(),
      concurrency: this.config.BULK_SIGN_CONCURRENCY,
    };
    try {
      await this.redis.set(this.key, JSON.stringify(heartbeat), 'PX', SIGNING_WORKER_HEARTBEAT_TTL_MS);
    } catch (error) {
      // Redis down: /readyz says so; the key expires and /health stops listing this worker.
      this.logger.debug({ err: error }, 'signing-worker heartbeat not written');
    }
  }
}
