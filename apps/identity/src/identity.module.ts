import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { Services } from '@app/contracts';
import { ServiceCoreModule } from '@app/messaging';
import { outbox } from './database/identity.schema';

export const identityMigrations = { schema: 'identity', folder: 'apps/identity/migrations' };

@Module({})
export class IdentityModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: Services.identity,
          config,
          logger,
          migrations: [identityMigrations],
          outbox,
        }),
      ],
    };
  }
}
