import 'reflect-metadata';
import { Services } from '@app/contracts';
import { runServiceMain } from '@app/messaging';
import { IdentityModule } from './identity.module';

runServiceMain(Services.identity, (config, logger) => IdentityModule.forRoot(config, logger));
