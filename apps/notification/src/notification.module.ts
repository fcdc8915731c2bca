import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { Services } from '@app/contracts';
import { ServiceCoreModule } from '@app/messaging';
import { inbox, outbox } from './database/notification.schema';
import { DeliveriesHandler } from './delivery-log/deliveries.handler';
import { DeliveriesRepository } from './delivery-log/deliveries.repository';
import { ListDeliveriesUseCase } from './delivery-log/list-deliveries.use-case';
import { DeliverMailUseCase } from './delivery/deliver-mail.use-case';
import { DeliveryAttempts } from './delivery/delivery-attempts';
import { MailComposer } from './delivery/mail-composer';
import { MailRequestHandler } from './delivery/mail-request.handler';
import { MailTransportStatus, mailTransportProvider } from './delivery/mail-transport.provider';

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
          inbox,
        }),
      ],
      controllers: [MailRequestHandler, DeliveriesHandler],
      providers: [
        DeliveriesRepository,
        DeliverMailUseCase,
        DeliveryAttempts,
        ListDeliveriesUseCase,
        MailComposer,
        mailTransportProvider,
        MailTransportStatus,
      ],
    };
  }
}
