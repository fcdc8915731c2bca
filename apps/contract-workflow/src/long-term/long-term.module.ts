import { Module } from '@nestjs/common';
import { LongTermHandler } from './long-term.handler';
import { LongTermRenewals } from './long-term-renewals';
import { RenewalClock } from './renewal-clock';
import { RenewalMetrics } from './renewal-metrics';
import { RenewalQueues } from './renewal-queues';
import { RenewalScan } from './renewal-scan';
import { RenewalScheduler } from './renewal-scheduler';

/** contract_long_term's own migrations, applied after the others of contract-workflow. */
export const longTermMigrations = { schema: 'contract_long_term', folder: 'apps/contract-workflow/migrations-long-term' };

/** 長期保管延長: the scheduled renewal of stored documents, its billing and its 長期保管期限 mails. */
@Module({
  controllers: [LongTermHandler],
  providers: [RenewalClock, RenewalQueues, RenewalScan, RenewalScheduler, LongTermRenewals, RenewalMetrics],
  exports: [RenewalClock, RenewalScan],
})
export class LongTermModule {}
