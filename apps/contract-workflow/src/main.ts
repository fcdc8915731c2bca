import 'reflect-metadata';
import { Services } from '@app/contracts';
import { runServiceMain } from '@app/messaging';
import { ContractWorkflowModule } from './contract-workflow.module';

runServiceMain(Services.contractWorkflow, (config, logger) => ContractWorkflowModule.forRoot(config, logger));
