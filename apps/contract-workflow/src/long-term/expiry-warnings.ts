import { sql } from 'drizzle-orm';
import { Executor } from '@app/db';

/**
 * The contracts among `contractIds` for which `companyId` has been warned that
 * the current proof ends (長期保管期限のお知らせ: no party holds 長期保管延長, the end is within
 * LONG_TERM_WARNING_MONTHS). 長期保管文書 shows the same warning the mail gave.
 */
export async function expiringFor(db: Executor, companyId: string, contractIds: readonly string[]): Promise<Set<string>> {
  if (contractIds.length === 0) {
    return new Set();
  }
  const result = await db.execute(sql`SELECT w.contract_id AS "contractId"
    FROM contract_long_term.expiry_warnings w
      JOIN contract_workflow.archive_records r ON r.contract_id = w.contract_id AND r.proof_until = w.proof_until
    WHERE w.company_id = ${companyId} AND w.contract_id = ANY(${sql.param([...contractIds])}::uuid[])`);
  return new Set(result.rows.map((row) => (row as { contractId: string }).contractId));
}
