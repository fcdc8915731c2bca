import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { METRICS, PlatformMetrics } from '@app/observability';
import { AmqpConnection } from './amqp-connection';
import { HealthCheck, HealthChecks, probe } from './health';
import { HealthServer, startHealthServer } from './health-server';
import { CONFIG, HEALTH_CHECKS, LOGGER } from './tokens';

/** Whether this process's broker connection is up (it reconnects by itself). */
export function brokerCheck(amqp: AmqpConnection): HealthCheck {
  return () => (amqp.isConnected ? Promise.resolve() : Promise.reject(new Error(amqp.error ?? 'not connected')));
}

/**
 * Serves /livez, /readyz and /metrics on HEALTH_PORT (when set) for a service or a signing worker: ready
 * when its database, outbox, broker connection and the checks its modules add (Redis, SMTP)
 * answer. On shutdown it turns unready first and stays live while in-flight work drains.
 */
@Injectable()
export class HealthServerLifecycle implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private server: HealthServer | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(HEALTH_CHECKS) private readonly checks: HealthChecks,
    private readonly amqp: AmqpConnection,
    @Inject(METRICS) private readonly metrics: PlatformMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.HEALTH_PORT === undefined) {
      return;
    }
    const timeoutMs = this.config.HEALTH_TIMEOUT_MS;
    this.server = await startHealthServer({
      port: this.config.HEALTH_PORT,
      timeoutMs,
      logger: this.logger,
      metrics: () => this.metrics.scrape(),
      checks: {
        run: async () => {
          const [own, rabbitmq] = await Promise.all([this.checks.run(timeoutMs), probe(brokerCheck(this.amqp), timeoutMs)]);
          return { ...own, rabbitmq };
        },
      },
    });
  }

  onModuleDestroy(): void {
    this.server?.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}
