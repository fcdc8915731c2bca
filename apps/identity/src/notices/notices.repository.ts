import { Inject, Injectable } from '@nestjs/common';
import { and, count, desc, eq, gt, isNotNull, isNull, lte, or, SQL, sql } from 'drizzle-orm';
import { NoticeState } from '@app/contracts';
import { DatabaseHandle, Executor } from '@app/db';
import { DATABASE } from '@app/messaging';
import { notices } from '../database/identity.schema';

export type NoticeRow = typeof notices.$inferSelect;
export type NewNotice = Pick<
  NoticeRow,
  'companyId' | 'title' | 'body' | 'importance' | 'publishFrom' | 'publishUntil' | 'createdBy' | 'updatedBy'
>;
export type NoticeChanges = Partial<Pick<NoticeRow, 'title' | 'body' | 'importance' | 'publishFrom' | 'publishUntil'>> &
  Pick<NoticeRow, 'updatedBy'>;

/** Whose notices: the platform's (companyId null) or one company's. */
export interface NoticeOwner {
  companyId: string | null;
}

export interface NoticePageQuery {
  page: number;
  pageSize: number;
}

/** When a notice is (or was) first shown; lists run newest first by it. */
const publishedAt = sql<Date>`coalesce(${notices.publishFrom}, ${notices.createdAt})`;
const newestFirst = [desc(publishedAt), desc(notices.createdAt), desc(notices.id)];

const ownedBy = (owner: NoticeOwner): SQL =>
  owner.companyId === null ? isNull(notices.companyId) : eq(notices.companyId, owner.companyId);

/** Shown at `at`: not withdrawn, publishFrom ≤ at (inclusive), at < publishUntil (exclusive). */
function shownAt(at: Date): SQL {
  return and(
    isNull(notices.withdrawnAt),
    or(isNull(notices.publishFrom), lte(notices.publishFrom, at)),
    or(isNull(notices.publishUntil), gt(notices.publishUntil, at)),
  ) as SQL;
}

function inState(state: NoticeState | undefined, at: Date): SQL {
  switch (state) {
    case undefined:
      return isNull(notices.withdrawnAt);
    case 'WITHDRAWN':
      return isNotNull(notices.withdrawnAt);
    case 'SCHEDULED':
      return and(isNull(notices.withdrawnAt), gt(notices.publishFrom, at)) as SQL;
    case 'EXPIRED':
      return and(isNull(notices.withdrawnAt), lte(notices.publishUntil, at)) as SQL;
    case 'PUBLISHED':
      return shownAt(at);
  }
}

@Injectable()
export class NoticesRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async insert(values: NewNotice): Promise<NoticeRow> {
    const [row] = await this.database.db.insert(notices).values(values).returning();
    return row;
  }

  /** A notice its owner may still change: another owner's, or a withdrawn one, is not found. */
  async findLive(tx: Executor, owner: NoticeOwner, id: string): Promise<NoticeRow | undefined> {
    const [row] = await tx
      .select()
      .from(notices)
      .where(and(eq(notices.id, id), ownedBy(owner), isNull(notices.withdrawnAt)))
      .for('update');
    return row;
  }

  async update(tx: Executor, id: string, changes: NoticeChanges): Promise<NoticeRow> {
    const [row] = await tx
      .update(notices)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(notices.id, id))
      .returning();
    return row;
  }

  async withdraw(owner: NoticeOwner, id: string, by: string): Promise<NoticeRow | undefined> {
    const [row] = await this.database.db
      .update(notices)
      .set({ withdrawnAt: sql`now()`, withdrawnBy: by })
      .where(and(eq(notices.id, id), ownedBy(owner), isNull(notices.withdrawnAt)))
      .returning();
    return row;
  }

  /** トップページ: what a company's users see at `at` — the platform's notices and their company's (none for the operator). */
  current(companyId: string | null, at: Date, page: NoticePageQuery): Promise<{ rows: NoticeRow[]; total: number }> {
    const audience = companyId === null ? isNull(notices.companyId) : or(isNull(notices.companyId), eq(notices.companyId, companyId));
    return this.page(and(audience, shownAt(at)) as SQL, page);
  }

  /** An owner's own notices in a state (default: every one not withdrawn), whatever their window. */
  managed(
    owner: NoticeOwner,
    state: NoticeState | undefined,
    at: Date,
    page: NoticePageQuery,
  ): Promise<{ rows: NoticeRow[]; total: number }> {
    return this.page(and(ownedBy(owner), inState(state, at)) as SQL, page);
  }

  private async page(where: SQL, { page, pageSize }: NoticePageQuery): Promise<{ rows: NoticeRow[]; total: number }> {
    const db = this.database.db;
    const [rows, [{ total } = { total: 0 }]] = await Promise.all([
      db
        .select()
        .from(notices)
        .where(where)
        .orderBy(...newestFirst)
        .limit(pageSize)
        .offset((page - 1) * pageSize),
      db.select({ total: count() }).from(notices).where(where),
    ]);
    return { rows, total };
  }
}
