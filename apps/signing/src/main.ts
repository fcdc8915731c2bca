import 'reflect-metadata';
import { Services } from '@app/contracts';
import { runServiceMain } from '@app/messaging';
import { SigningModule } from './signing.module';

runServiceMain(Services.signing, (config, logger) => SigningModule.forRoot(config, logger));
