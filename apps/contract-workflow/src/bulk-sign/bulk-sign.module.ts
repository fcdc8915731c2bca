import { Module } from '@nestjs/common';
import { ContractsModule } from '../contracts/contracts.module';
import { LedgerModule } from '../ledger/ledger.module';
import { BulkSignCompletion } from './bulk-sign-completion';
import { BulkSignConclusions } from './bulk-sign-conclusions';
import { BulkSignHandler } from './bulk-sign.handler';
import { BulkSignRepository } from './bulk-sign.repository';
import { BulkSignSessionsService } from './bulk-sign-sessions.service';
import { OpenSelections } from './open-selections';

/** contract_bulk's own migrations, applied after the workflow's and the ledger's. */
export const bulkSignMigrations = { schema: 'contract_bulk', folder: 'apps/contract-workflow/migrations-bulk' };

/** 一括署名（受取）: selection, sessions, the start, and the conclusions of the signing workers' documents. */
@Module({
  imports: [ContractsModule, LedgerModule],
  controllers: [BulkSignHandler],
  providers: [BulkSignRepository, BulkSignCompletion, BulkSignSessionsService, BulkSignConclusions, OpenSelections],
})
export class BulkSignModule {}
