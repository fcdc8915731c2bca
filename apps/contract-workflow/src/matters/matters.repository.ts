import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, eq, ilike, or, sql } from 'drizzle-orm';
import { DatabaseHandle, likeContaining } from '@app/db';
import { DATABASE } from '@app/messaging';
import { contracts, matters } from '../database/contract-workflow.schema';

export type MatterRow = typeof matters.$inferSelect;

@Injectable()
export class MattersRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async insert(values: typeof matters.$inferInsert): Promise<MatterRow> {
    const [row] = await this.database.db.insert(matters).values(values).returning();
    return row;
  }

  async find(companyId: string, id: string): Promise<MatterRow | undefined> {
    const [row] = await this.database.db
      .select()
      .from(matters)
      .where(and(eq(matters.id, id), eq(matters.companyId, companyId)));
    return row;
  }

  async update(companyId: string, id: string, changes: Partial<typeof matters.$inferInsert>): Promise<MatterRow | undefined> {
    const [row] = await this.database.db
      .update(matters)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(and(eq(matters.id, id), eq(matters.companyId, companyId)))
      .returning();
    return row;
  }

  async delete(companyId: string, id: string): Promise<MatterRow | undefined> {
    const [row] = await this.database.db
      .delete(matters)
      .where(and(eq(matters.id, id), eq(matters.companyId, companyId)))
      .returning();
    return row;
  }

  /** Whether any contract links the matter, on either side. */
  async inUse(id: string): Promise<boolean> {
    const [row] = await this.database.db
      .select({ id: contracts.id })
      .from(contracts)
      .where(or(eq(contracts.senderMatterId, id), eq(contracts.receiverMatterId, id)))
      .limit(1);
    return row !== undefined;
  }

  async list(companyId: string, filter: { query?: string; page: number; pageSize: number }): Promise<{ rows: MatterRow[]; total: number }> {
    const pattern = filter.query ? likeContaining(filter.query) : undefined;
    const where = and(
      eq(matters.companyId, companyId),
      pattern ? or(ilike(matters.name, pattern), ilike(matters.code, pattern)) : undefined,
    );
    const db = this.database.db;
    const [rows, [{ total } = { total: 0 }]] = await Promise.all([
      db
        .select()
        .from(matters)
        .where(where)
        .orderBy(asc(matters.name), asc(matters.createdAt))
        .limit(filter.pageSize)
        .offset((filter.page - 1) * filter.pageSize),
      db.select({ total: count() }).from(matters).where(where),
    ]);
    return { rows, total };
  }
}
