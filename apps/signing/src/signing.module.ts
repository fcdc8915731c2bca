import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { Services } from '@app/contracts';
import { ServiceCoreModule } from '@app/messaging';
import { blobStoreMigrations } from '@app/blob-store';
import { outbox } from './database/signing.schema';
import { RedisModule } from './redis/redis.module';

export const signingMigrations = { schema: 'signing', folder: 'apps/signing/migrations' };

@Module({})
export class SigningModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: SigningModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: Services.signing,
          config,
          logger,
          migrations: [blobStoreMigrations, signingMigrations],
          outbox,
        }),
        RedisModule,
      ],
    };
  }
}
