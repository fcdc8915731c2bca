import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { DatabaseHandle, Executor, likeContaining } from '@app/db';
import { DATABASE } from '@app/messaging';
import { companies, users } from '../database/identity.schema';
import { CompanyRow } from '../views';

@Injectable()
export class CompaniesRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async insert(tx: Executor, values: Pick<CompanyRow, 'name' | 'plan' | 'options'>): Promise<CompanyRow> {
    const [row] = await tx.insert(companies).values(values).returning();
    return row;
  }

  async update(tx: Executor, id: string, values: Partial<Pick<CompanyRow, 'name' | 'plan' | 'options'>>): Promise<CompanyRow | undefined> {
    const [row] = await tx
      .update(companies)
      .set({ ...values, updatedAt: sql`now()` })
      .where(eq(companies.id, id))
      .returning();
    return row;
  }

  /** The companies with their 管理用ID's contact (null when a company has none). */
  async contacts(ids: readonly string[]) {
    return this.database.db
      .select({
        company: companies,
        administrator: { userId: users.id, name: users.name, email: users.email, language: users.language },
      })
      .from(companies)
      .leftJoin(users, and(eq(users.companyId, companies.id), eq(users.isAdministrator, true)))
      .where(inArray(companies.id, [...ids]));
  }

  async findById(id: string, tx: Executor = this.database.db, forUpdate = false): Promise<CompanyRow | undefined> {
    const query = tx.select().from(companies).where(eq(companies.id, id));
    const [row] = forUpdate ? await query.for('update') : await query;
    return row;
  }

  async administratorOf(companyId: string, tx: Executor = this.database.db): Promise<string | null> {
    const [row] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.companyId, companyId), eq(users.isAdministrator, true)));
    return row?.id ?? null;
  }

  async page(
    query: string | undefined,
    page: number,
    pageSize: number,
  ): Promise<{ rows: (CompanyRow & { administratorUserId: string | null })[]; total: number }> {
    const filter = query ? or(ilike(companies.name, likeContaining(query)), eq(companies.id, query.toUpperCase())) : undefined;
    const db = this.database.db;
    const [rows, [{ total } = { total: 0 }]] = await Promise.all([
      db
        .select({ company: companies, administratorUserId: users.id })
        .from(companies)
        .leftJoin(users, and(eq(users.companyId, companies.id), eq(users.isAdministrator, true)))
        .where(filter)
        .orderBy(asc(companies.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      db.select({ total: count() }).from(companies).where(filter),
    ]);
    return { rows: rows.map((row) => ({ ...row.company, administratorUserId: row.administratorUserId })), total };
  }
}
