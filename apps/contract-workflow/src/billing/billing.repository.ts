import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq } from 'drizzle-orm';
import { DatabaseHandle, Executor, insertRows } from '@app/db';
import { DATABASE } from '@app/messaging';
import { BillingChargeRow, billingCharges } from '../ledger/ledger.schema';

export type NewBillingCharge = Omit<BillingChargeRow, 'id' | 'createdAt'>;

@Injectable()
export class BillingRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /** Inserts the charges not yet recorded; returns only those this call added. */
  insertNew(tx: Executor, rows: NewBillingCharge[]): Promise<BillingChargeRow[]> {
    if (rows.length === 0) {
      return Promise.resolve([]);
    }
    return insertRows(tx, billingCharges, rows, {
      onConflictDoNothing: { target: [billingCharges.contractId, billingCharges.companyId] },
      returning: true,
    });
  }

  forCompanyMonth(companyId: string, usageMonth: string): Promise<BillingChargeRow[]> {
    return this.database.db
      .select()
      .from(billingCharges)
      .where(and(eq(billingCharges.companyId, companyId), eq(billingCharges.usageMonth, usageMonth)))
      .orderBy(asc(billingCharges.concludedAt), asc(billingCharges.documentNumber));
  }
}
