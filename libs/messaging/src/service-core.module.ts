import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { AppConfig, databaseUrlFor } from '@app/config';
import { ServiceName } from '@app/contracts';
import { DatabaseHandle, MigrationSet, openDatabase, pingDatabase, runMigrations } from '@app/db';
import { collectPoolMetrics, METRICS, PlatformMetrics } from '@app/observability';
import { AmqpConnection } from './amqp-connection';
import { DeliveryGuard, messagingMigrations } from './delivery-guard';
import { HealthChecks, outboxHealth } from './health';
import { HealthServerLifecycle } from './health-server.lifecycle';
import { OutboxRelay } from './outbox-relay';
import { InboxTable, OutboxTable } from './outbox.table';
import { MessageRetention } from './message-retention';
import { collectMessagingMetrics } from './messaging-metrics';
import { createPingController } from './ping.controller';
import { ServiceClient } from './service-client';
import { amqpConnectionProvider, serviceClientProvider } from './providers';
import { CONFIG, DATABASE, HEALTH_CHECKS, LOGGER, SERVICE_NAME } from './tokens';

const PRUNES = Symbol('prunes');

export interface ServiceCoreOptions {
  service: ServiceName;
  config: AppConfig;
  logger: Logger;
  /** Applied in order at start, before the service takes any message. */
  migrations: MigrationSet[];
  /** The service's outbox; when given, a relay publishes it. */
  outbox?: OutboxTable;
  /** The service's inbox (handled message IDs). */
  inbox?: InboxTable;
  /** Whether this process prunes the outbox and inbox (default true); one kind of process per service is enough. */
  prunes?: boolean;
  /** The `app` label of this process's metrics (default: the service; `signing-worker` for a worker). */
  app?: string;
}

/**
 * What every inkan service needs: validated config, its own database with
 * migrations applied, the outbox relay, the outbox's and inbox's retention, a
 * client for the other services, health checks and the ping handler.
 * Imported once by each service's root module.
 */
@Global()
@Module({})
export class ServiceCoreModule {
  static forRoot(options: ServiceCoreOptions): DynamicModule {
    const { config } = options;
    return {
      module: ServiceCoreModule,
      controllers: [createPingController(options.service)],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: options.logger },
        { provide: SERVICE_NAME, useValue: options.service },
        {
          provide: DATABASE,
          useFactory: async (): Promise<DatabaseHandle> => {
            const handle = openDatabase(databaseUrlFor(config, options.service), {
              poolSize: config.DATABASE_POOL_SIZE,
              applicationName: `inkan-${options.service}`,
            });
            for (const set of [...options.migrations, messagingMigrations]) {
              await runMigrations(handle, set);
            }
            return handle;
          },
        },
        amqpConnectionProvider(config, options.logger, `inkan-${options.service}-publisher`),
        {
          provide: METRICS,
          inject: [DATABASE, AmqpConnection],
          useFactory: (database: DatabaseHandle, amqp: AmqpConnection) => {
            // Node's defaults run samplers (event-loop delay, GC): only where /metrics is served.
            const metrics = new PlatformMetrics(options.app ?? options.service, { nodeDefaults: config.HEALTH_PORT !== undefined });
            collectPoolMetrics(metrics, database.pool);
            collectMessagingMetrics(metrics, { service: options.service, database, outbox: options.outbox, amqp, config });
            return metrics;
          },
        },
        {
          provide: OutboxRelay,
          inject: [DATABASE, AmqpConnection, METRICS],
          useFactory: (database: DatabaseHandle, amqp: AmqpConnection, metrics: PlatformMetrics) =>
            options.outbox
              ? new OutboxRelay(database.db, options.outbox, amqp, {
                  exchangePrefix: config.AMQP_PREFIX,
                  pollMs: config.OUTBOX_POLL_MS,
                  logger: options.logger,
                  notifications: database.pool,
                  confirmTimeoutMs: config.OUTBOX_CONFIRM_TIMEOUT_MS,
                  metrics,
                })
              : undefined,
        },
        {
          provide: MessageRetention,
          inject: [DATABASE],
          useFactory: (database: DatabaseHandle) =>
            new MessageRetention(
              database.db,
              { outbox: options.outbox, inbox: options.inbox },
              {
                outboxDays: config.OUTBOX_RETENTION_DAYS,
                inboxDays: config.INBOX_RETENTION_DAYS,
                intervalMs: config.MESSAGE_RETENTION_INTERVAL_MINUTES * 60_000,
                logger: options.logger,
              },
            ),
        },
        {
          provide: DeliveryGuard,
          inject: [DATABASE],
          useFactory: (database: DatabaseHandle) => {
            const inbox = options.inbox;
            return new DeliveryGuard(
              database.pool,
              options.service,
              options.logger,
              inbox
                ? async (messageId) =>
                    (await database.db.select({ id: inbox.messageId }).from(inbox).where(eq(inbox.messageId, messageId)).limit(1)).length >
                    0
                : undefined,
            );
          },
        },
        { provide: PRUNES, useValue: options.prunes ?? true },
        serviceClientProvider(config),
        {
          provide: HEALTH_CHECKS,
          inject: [DATABASE],
          useFactory: (database: DatabaseHandle) => {
            const checks = new HealthChecks().add('postgres', () => pingDatabase(database.pool, config.HEALTH_TIMEOUT_MS));
            const outbox = options.outbox;
            if (outbox) {
              checks.add('outbox', () => outboxHealth(database, outbox, config.OUTBOX_LAG_DEGRADED_SECONDS));
            }
            return checks;
          },
        },
        ServiceLifecycle,
        HealthServerLifecycle,
      ],
      exports: [
        CONFIG,
        LOGGER,
        SERVICE_NAME,
        DATABASE,
        AmqpConnection,
        DeliveryGuard,
        OutboxRelay,
        MessageRetention,
        ServiceClient,
        HEALTH_CHECKS,
        METRICS,
      ],
    };
  }
}

@Injectable()
class ServiceLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly amqp: AmqpConnection,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay | undefined,
    private readonly retention: MessageRetention,
    private readonly client: ServiceClient,
    private readonly guard: DeliveryGuard,
    @Inject(PRUNES) private readonly prunes: boolean,
    @Inject(METRICS) private readonly metrics: PlatformMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.relay) {
      this.amqp.start();
      this.relay.start();
    }
    if (this.prunes) {
      this.retention.start();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.retention.stop();
    await this.relay?.stop();
    await this.amqp.close();
    await this.client.close();
    this.guard.stop();
    await this.database.close();
    this.metrics.close();
  }
}
