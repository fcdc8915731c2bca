import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { BlobStoreModule } from '@app/blob-store';
import { AppConfig, databaseUrlFor } from '@app/config';
import { DatabaseHandle, openDatabase } from '@app/db';
import { collectPoolMetrics, METRICS, PlatformMetrics } from '@app/observability';
import {
  AmqpConnection,
  amqpConnectionProvider,
  CONFIG,
  connectRedisClient,
  DATABASE,
  LOGGER,
  ServiceClient,
  serviceClientProvider,
} from '@app/messaging';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { Authenticator } from './auth/authenticator';
import { LoginRateLimiter } from './auth/login-rate-limiter';
import { PasswordResetController } from './auth/password-reset.controller';
import { PasswordResetLimiter } from './auth/password-reset-limiter';
import { ProfileController } from './auth/profile.controller';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { GatewayProbes } from './health/gateway-probes';
import { GATEWAY_REDIS } from './health/health.tokens';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { RequestContextInterceptor } from './http/request-context.interceptor';
import { ApiTokensController } from './identity/api-tokens.controller';
import { CompaniesController } from './identity/companies.controller';
import { InvitationsController } from './identity/invitations.controller';
import { NoticesController } from './identity/notices.controller';
import { UsersController } from './identity/users.controller';
import { MailDeliveriesController } from './notification/mail-deliveries.controller';
import { BulkSignController } from './contract-workflow/bulk-sign.controller';
import { BulkSignEvents } from './contract-workflow/bulk-sign-events';
import { ContractsController } from './contract-workflow/contracts.controller';
import { ArchiveController } from './contract-workflow/archive.controller';
import { AuditController } from './contract-workflow/audit.controller';
import { MattersController } from './contract-workflow/matters.controller';
import { TemplatesController } from './contract-workflow/templates.controller';
import { BillingController } from './contract-workflow/billing.controller';
import { WebhooksController } from './contract-workflow/webhooks.controller';
import { CertificatesController } from './signing/certificates.controller';
import { SigningPublicController } from './signing/signing-public.controller';
import { PdfUploads } from './uploads/pdf-uploads';
import { StagedFilesPruner } from './uploads/staged-files-pruner';

@Injectable()
class GatewayLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly amqp: AmqpConnection,
    private readonly client: ServiceClient,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    @Inject(METRICS) private readonly metrics: PlatformMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.amqp.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
    await this.amqp.close();
    await this.database.close();
    this.redis.disconnect();
    this.metrics.close();
  }
}

/** The HTTP edge: no tables of its own; everything else is asked of the services. */
@Module({})
export class GatewayModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      // PDFs cross to the services by claim check: the gateway stages uploads and reads downloads itself.
      imports: [BlobStoreModule.forRoot(config, 'gateway')],
      controllers: [
        HealthController,
        AuthController,
        PasswordResetController,
        CompaniesController,
        ProfileController,
        UsersController,
        InvitationsController,
        ApiTokensController,
        NoticesController,
        MailDeliveriesController,
        AuditController,
        BillingController,
        WebhooksController,
        CertificatesController,
        SigningPublicController,
        ContractsController,
        BulkSignController,
        ArchiveController,
        MattersController,
        TemplatesController,
      ],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        {
          // Used only to report whether PostgreSQL is reachable.
          provide: DATABASE,
          useFactory: () => openDatabase(databaseUrlFor(config, 'gateway'), { poolSize: 2, applicationName: 'inkan-gateway' }),
        },
        {
          provide: GATEWAY_REDIS,
          useFactory: () => connectRedisClient(config.REDIS_URL),
        },
        {
          // Served on HEALTH_PORT's /metrics, never on the API port (health/gateway-probes.ts).
          provide: METRICS,
          inject: [DATABASE],
          useFactory: (database: DatabaseHandle) => {
            // Node's defaults run samplers (event-loop delay, GC): only where /metrics is served.
            const metrics = new PlatformMetrics('gateway', { nodeDefaults: config.HEALTH_PORT !== undefined });
            collectPoolMetrics(metrics, database.pool);
            return metrics;
          },
        },
        amqpConnectionProvider(config, logger, 'inkan-gateway'),
        serviceClientProvider(config),
        HealthService,
        GatewayProbes,
        LoginRateLimiter,
        PasswordResetLimiter,
        Authenticator,
        PdfUploads,
        StagedFilesPruner,
        GatewayLifecycle,
        BulkSignEvents,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
