import { Injectable } from '@nestjs/common';
import { ActorContext, AppError, BillingUsage, Plan, requirePermission } from '@app/contracts';
import { Executor } from '@app/db';
import { ledgerError } from '../ledger/ledger.errors';
import { BillingRepository, NewBillingCharge } from './billing.repository';
import { assertPlanPairAllowed } from './plan-matrix';
import { usageMonthOf } from './usage-month';

export interface ConclusionParty {
  companyId: string;
  plan: Plan;
}

export interface Conclusion {
  contractId: string;
  documentNumber: string;
  concludedAt: Date;
  sender: ConclusionParty;
  receiver: ConclusionParty;
}

/**
 * 課金台帳: one row per charged company per concluded contract, per the plan
 * matrix. Called by the workflow inside the transaction that concludes the
 * contract; a redelivered conclusion adds nothing (unique contract+company).
 */
@Injectable()
export class BillingLedger {
  constructor(private readonly charges: BillingRepository) {}

  /** Returns the charges this call recorded (empty when the conclusion was already billed). */
  async recordConclusion(tx: Executor, conclusion: Conclusion): Promise<NewBillingCharge[]> {
    return this.recordConclusions(tx, [conclusion]);
  }

  /** Several conclusions in one statement (a batch of bulk signatures). */
  async recordConclusions(tx: Executor, conclusions: readonly Conclusion[]): Promise<NewBillingCharge[]> {
    const rows = conclusions.flatMap((conclusion) =>
      assertPlanPairAllowed(conclusion.sender.plan, conclusion.receiver.plan).map((side): NewBillingCharge => {
        const [party, counterparty] =
          side === 'sender' ? [conclusion.sender, conclusion.receiver] : [conclusion.receiver, conclusion.sender];
        return {
          contractId: conclusion.contractId,
          documentNumber: conclusion.documentNumber,
          companyId: party.companyId,
          side,
          plan: party.plan,
          counterpartyCompanyId: counterparty.companyId,
          concludedAt: conclusion.concludedAt,
          usageMonth: usageMonthOf(conclusion.concludedAt),
        };
      }),
    );
    return this.charges.insertNew(tx, rows);
  }

  /** 利用状況: an administrator sees its own company; the operator names any company. */
  async usage(actor: ActorContext, query: { month: string; companyId?: string }): Promise<BillingUsage> {
    const companyId = this.companyToShow(actor, query.companyId);
    const [rows, renewals] = await Promise.all([
      this.charges.forCompanyMonth(companyId, query.month),
      this.charges.renewalsForCompanyMonth(companyId, query.month),
    ]);
    return {
      companyId,
      month: query.month,
      timeZone: 'Asia/Tokyo',
      chargedContracts: rows.length,
      charges: rows.map((row) => ({
        contractId: row.contractId,
        documentNumber: row.documentNumber,
        side: row.side,
        plan: row.plan,
        counterpartyCompanyId: row.counterpartyCompanyId,
        concludedAt: row.concludedAt.toISOString(),
      })),
      chargedRenewals: renewals.length,
      renewals: renewals.map((renewal) => ({ ...renewal, renewedAt: renewal.renewedAt.toISOString() })),
    };
  }

  private companyToShow(actor: ActorContext, asked: string | undefined): string {
    const { companyId: own } = requirePermission(actor, 'billing:read');
    if (actor.kind === 'operator') {
      if (!asked) {
        throw ledgerError('BILLING_COMPANY_REQUIRED');
      }
      return asked;
    }
    if (!own) {
      throw AppError.of('FORBIDDEN');
    }
    // Another company's usage does not exist for this actor.
    if (asked && asked !== own) {
      throw AppError.of('NOT_FOUND');
    }
    return own;
  }
}
