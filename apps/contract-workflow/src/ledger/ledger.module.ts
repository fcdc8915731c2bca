import { Module } from '@nestjs/common';
import { AuditHandler } from '../audit/audit.handler';
import { AuditRepository } from '../audit/audit.repository';
import { AuditTrail } from '../audit/audit-trail';
import { BillingHandler } from '../billing/billing.handler';
import { BillingLedger } from '../billing/billing-ledger';
import { BillingRepository } from '../billing/billing.repository';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { WebhookSecretCipher } from '../webhooks/webhook-secret.cipher';
import { WebhookTargets } from '../webhooks/webhook-target.guard';
import { Webhooks } from '../webhooks/webhooks';
import { WebhooksHandler } from '../webhooks/webhooks.handler';
import { WebhooksRepository } from '../webhooks/webhooks.repository';

/** contract_ledger's own migrations, applied after contract_workflow's. */
export const ledgerMigrations = { schema: 'contract_ledger', folder: 'apps/contract-workflow/migrations-ledger' };

/**
 * Billing ledger, audit trail and webhooks. The workflow injects BillingLedger,
 * AuditTrail and Webhooks and calls them inside its own transactions.
 */
@Module({
  controllers: [BillingHandler, AuditHandler, WebhooksHandler],
  providers: [
    BillingRepository,
    BillingLedger,
    AuditRepository,
    AuditTrail,
    WebhooksRepository,
    WebhookSecretCipher,
    WebhookTargets,
    Webhooks,
    WebhookDispatcher,
  ],
  exports: [BillingLedger, AuditTrail, Webhooks],
})
export class LedgerModule {}
