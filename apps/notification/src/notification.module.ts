import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { Services } from '@app/contracts';
import { ServiceCoreModule } from '@app/messaging';
import { outbox } from './database/notification.schema';
import { MailRequestsHandler } from './mail-requests/mail-requests.handler';
import { MailRequestsRepository } from './mail-requests/mail-requests.repository';

export const notificationMigrations = { schema: 'notification', folder: 'apps/notification/migrations' };

@Module({})
export class NotificationModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: NotificationModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: Services.notification,
          config,
          logger,
          migrations: [notificationMigrations],
          outbox,
        }),
      ],
      controllers: [MailRequestsHandler],
      providers: [MailRequestsRepository],
    };
  }
}
