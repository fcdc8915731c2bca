import 'reflect-metadata';
import { Services } from '@app/contracts';
import { runServiceMain } from '@app/messaging';
import { NotificationModule } from './notification.module';

runServiceMain(Services.notification, (config, logger) => NotificationModule.forRoot(config, logger));
