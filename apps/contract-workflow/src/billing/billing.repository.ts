import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, sql } from 'drizzle-orm';
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

  /** 長期保管延長's renewals charged to the company in the month (contract_long_term.renewal_charges). */
  async renewalsForCompanyMonth(
    companyId: string,
    usageMonth: string,
  ): Promise<{ contractId: string; documentNumber: string; generation: number; renewedAt: Date }[]> {
    const result = await this.database.db.execute(sql`SELECT contract_id AS "contractId", document_number AS "documentNumber",
        generation, renewed_at AS "renewedAt"
      FROM contract_long_term.renewal_charges WHERE company_id = ${companyId} AND usage_month = ${usageMonth}
      ORDER BY renewed_at, document_number, generation`);
    return result.rows.map((row) => {
      const value = row as { contractId: string; documentNumber: string; generation: number; renewedAt: string | Date };
      return { ...value, renewedAt: new Date(value.renewedAt) };
    });
  }
}
