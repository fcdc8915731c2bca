import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, eq, ilike, or, sql } from 'drizzle-orm';
import { DatabaseHandle, likeContaining } from '@app/db';
import { DATABASE } from '@app/messaging';
import { contractTemplates } from '../database/contract-workflow.schema';

export type TemplateRow = typeof contractTemplates.$inferSelect;
type TemplateValues = typeof contractTemplates.$inferInsert;

@Injectable()
export class TemplatesRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async insert(values: TemplateValues): Promise<TemplateRow> {
    const [row] = await this.database.db.insert(contractTemplates).values(values).returning();
    return row;
  }

  async find(companyId: string, id: string): Promise<TemplateRow | undefined> {
    const [row] = await this.database.db
      .select()
      .from(contractTemplates)
      .where(and(eq(contractTemplates.id, id), eq(contractTemplates.companyId, companyId)));
    return row;
  }

  async replace(companyId: string, id: string, values: Omit<TemplateValues, 'companyId' | 'createdBy'>): Promise<TemplateRow | undefined> {
    const [row] = await this.database.db
      .update(contractTemplates)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(contractTemplates.id, id), eq(contractTemplates.companyId, companyId)))
      .returning();
    return row;
  }

  async delete(companyId: string, id: string): Promise<TemplateRow | undefined> {
    const [row] = await this.database.db
      .delete(contractTemplates)
      .where(and(eq(contractTemplates.id, id), eq(contractTemplates.companyId, companyId)))
      .returning();
    return row;
  }

  async list(
    companyId: string,
    filter: { query?: string; page: number; pageSize: number },
  ): Promise<{ rows: TemplateRow[]; total: number }> {
    const pattern = filter.query ? likeContaining(filter.query) : undefined;
    const where = and(
      eq(contractTemplates.companyId, companyId),
      pattern ? or(ilike(contractTemplates.name, pattern), ilike(contractTemplates.contractName, pattern)) : undefined,
    );
    const db = this.database.db;
    const [rows, [{ total } = { total: 0 }]] = await Promise.all([
      db
        .select()
        .from(contractTemplates)
        .where(where)
        .orderBy(asc(contractTemplates.name))
        .limit(filter.pageSize)
        .offset((filter.page - 1) * filter.pageSize),
      db.select({ total: count() }).from(contractTemplates).where(where),
    ]);
    return { rows, total };
  }
}
