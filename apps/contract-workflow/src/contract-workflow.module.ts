import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { Services } from '@app/contracts';
import { ServiceCoreModule } from '@app/messaging';
import { BlobStoreModule } from '@app/blob-store';
import { ArchiveModule } from './archive/archive.module';
import { BulkSignModule, bulkSignMigrations } from './bulk-sign/bulk-sign.module';
import { ContractsModule } from './contracts/contracts.module';
import { inbox, outbox } from './database/contract-workflow.schema';
import { LedgerModule, ledgerMigrations } from './ledger/ledger.module';
import { LongTermModule, longTermMigrations } from './long-term/long-term.module';

export const contractWorkflowMigrations = { schema: 'contract_workflow', folder: 'apps/contract-workflow/migrations' };

@Module({})
export class ContractWorkflowModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: ContractWorkflowModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: Services.contractWorkflow,
          config,
          logger,
          migrations: [contractWorkflowMigrations, ledgerMigrations, bulkSignMigrations, longTermMigrations],
          outbox,
          inbox,
        }),
        BlobStoreModule.forRoot(config, 'contract-workflow'),
        LedgerModule,
        ContractsModule,
        BulkSignModule,
        ArchiveModule,
        LongTermModule,
      ],
    };
  }
}
