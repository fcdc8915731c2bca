import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, desc, eq, gte, ilike, lte, or, SQL, sql } from 'drizzle-orm';
import { ArchiveSearch } from '@app/contracts';
import { DatabaseHandle, likeContaining } from '@app/db';
import { DATABASE } from '@app/messaging';
import { contracts } from '../database/contract-workflow.schema';
import { ContractRow } from '../contracts/contracts.repository';

/**
 * Concluded contracts of a company, sender or receiver. A concluded contract
 * was always sent, so the receiver sees it; the partial indexes
 * contracts_archive_* (status = 'CONCLUDED') serve each condition per side.
 */
function concludedOf(companyId: string): SQL | undefined {
  return and(eq(contracts.status, 'CONCLUDED'), or(eq(contracts.senderCompanyId, companyId), eq(contracts.receiverCompanyId, companyId)));
}

/** A condition on the other company: the receiver when we sent, the sender when we received. */
function counterparty(companyId: string, onReceiver: SQL | undefined, onSender: SQL | undefined): SQL | undefined {
  return or(and(eq(contracts.senderCompanyId, companyId), onReceiver), and(eq(contracts.receiverCompanyId, companyId), onSender));
}

@Injectable()
export class ArchiveRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async findConcluded(companyId: string, id: string): Promise<ContractRow | undefined> {
    const [row] = await this.database.db
      .select()
      .from(contracts)
      .where(and(eq(contracts.id, id), concludedOf(companyId)));
    return row;
  }

  async search(companyId: string, query: ArchiveSearch): Promise<{ rows: ContractRow[]; total: number }> {
    const conditions: (SQL | undefined)[] = [concludedOf(companyId)];
    if (query.transactionDateFrom) {
      conditions.push(gte(contracts.transactionDate, query.transactionDateFrom));
    }
    if (query.transactionDateTo) {
      conditions.push(lte(contracts.transactionDate, query.transactionDateTo));
    }
    if (query.amountMin !== undefined) {
      conditions.push(gte(contracts.amount, query.amountMin));
    }
    if (query.amountMax !== undefined) {
      conditions.push(lte(contracts.amount, query.amountMax));
    }
    if (query.counterpartyName) {
      const pattern = likeContaining(query.counterpartyName);
      conditions.push(counterparty(companyId, ilike(contracts.receiverCompanyName, pattern), ilike(contracts.senderCompanyName, pattern)));
    }
    if (query.counterpartyCompanyId) {
      const other = query.counterpartyCompanyId;
      conditions.push(counterparty(companyId, eq(contracts.receiverCompanyId, other), eq(contracts.senderCompanyId, other)));
    }
    if (query.documentNumber) {
      conditions.push(eq(contracts.documentNumber, query.documentNumber));
    }
    if (query.name) {
      conditions.push(ilike(contracts.name, likeContaining(query.name)));
    }
    const where = and(...conditions);
    const column = {
      transactionDate: contracts.transactionDate,
      amount: contracts.amount,
      documentNumber: contracts.documentNumber,
      concludedAt: contracts.concludedAt,
      name: contracts.name,
      counterpartyName: sql`CASE WHEN ${contracts.senderCompanyId} = ${companyId} THEN ${contracts.receiverCompanyName} ELSE ${contracts.senderCompanyName} END`,
    }[query.sort];
    const db = this.database.db;
    const [rows, [{ total } = { total: 0 }]] = await Promise.all([
      db
        .select()
        .from(contracts)
        .where(where)
        .orderBy(query.order === 'asc' ? asc(column) : desc(column), desc(contracts.documentNumber))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize),
      db.select({ total: count() }).from(contracts).where(where),
    ]);
    return { rows, total };
  }
}
