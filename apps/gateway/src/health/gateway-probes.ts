import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { DatabaseHandle, pingDatabase } from '@app/db';
import { AmqpConnection, brokerCheck, CONFIG, DATABASE, HealthChecks, HealthServer, LOGGER, startHealthServer } from '@app/messaging';
import { METRICS, PlatformMetrics } from '@app/observability';
import { GATEWAY_REDIS } from './health.tokens';

/**
 * The gateway's /livez, /readyz and /metrics on HEALTH_PORT (when set), like every other process
 * (metrics never on the public API port): ready
 * when its own PostgreSQL, RabbitMQ and Redis answer. The services' state is not part of it —
 * that is the deep /health on the API port — so one service down never takes the gateway out
 * of its load balancer, and SMTP down never gets it restarted.
 */
@Injectable()
export class GatewayProbes implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private server: HealthServer | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    private readonly amqp: AmqpConnection,
    @Inject(METRICS) private readonly metrics: PlatformMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.HEALTH_PORT === undefined) {
      return;
    }
    const timeoutMs = this.config.HEALTH_TIMEOUT_MS;
    const checks = new HealthChecks()
      .add('postgres', () => pingDatabase(this.database.pool, timeoutMs))
      .add('rabbitmq', brokerCheck(this.amqp))
      .add('redis', async () => {
        await this.redis.ping();
      });
    this.server = await startHealthServer({
      port: this.config.HEALTH_PORT,
      checks,
      timeoutMs,
      logger: this.logger,
      metrics: () => this.metrics.scrape(),
    });
  }

  onModuleDestroy(): void {
    this.server?.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}
