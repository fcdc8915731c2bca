import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq } from 'drizzle-orm';
import { DatabaseHandle, Executor, insertRows } from '@app/db';
import { DATABASE } from '@app/messaging';
import { BillingChargeRow, billingCharges } from '../ledger/ledger.schema';

export type NewBillingCharge = Omit<BillingChargeRow, 'id' | 'createdAt'>;

@Injectable()
export class BillingRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /** Inserts the charges not yet recorded; returns only those this call added (as given: nothing else is read back). */
  async insertNew(tx: Executor, rows: NewBillingCharge[]): Promise<NewBillingCharge[]> {
    if (rows.length === 0) {
      return [];
    }
    const added = await insertRows(tx, billingCharges, rows, {
      onConflictDoNothing: { target: [billingCharges.contractId, billingCharges.companyId] },
      returning: { contractId: billingCharges.contractId, companyId: billingCharges.companyId },
      unnest: true,
    });
    const keys = new Set(added.map(({ contractId, companyId }) => `${contractId}/${companyId}`));
    return rows.filter(({ contractId, companyId }) => keys.has(`${contractId}/${companyId}`));
  }

  forCompanyMonth(companyId: string, usageMonth: string): Promise<BillingChargeRow[]> {
    return this.database.db
      .select()
      .from(billingCharges)
      .where(and(eq(billingCharges.companyId, companyId), eq(billingCharges.usageMonth, usageMonth)))
      .orderBy(asc(billingCharges.concludedAt), asc(billingCharges.documentNumber));
  }
}
