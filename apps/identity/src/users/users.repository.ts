import { Inject, Injectable } from '@nestjs/common';
import { and, arrayContains, arrayOverlaps, asc, count, eq, ilike, isNotNull, isNull, or, SQL, sql } from 'drizzle-orm';
import { ROUTE_ROLES, UserRole, UserView } from '@app/contracts';
import { DatabaseHandle, Executor, likeContaining } from '@app/db';
import { DATABASE } from '@app/messaging';
import { companies, users } from '../database/identity.schema';
import { CompanyRow, UserRow } from '../views';

export type NewUser = Pick<
  UserRow,
  'companyId' | 'name' | 'email' | 'department' | 'language' | 'isAdministrator' | 'roles' | 'bulkSign' | 'passwordHash'
>;
export type UserChanges = Partial<
  Pick<
    UserRow,
    | 'name'
    | 'email'
    | 'department'
    | 'language'
    | 'roles'
    | 'bulkSign'
    | 'disabledAt'
    | 'lockedAt'
    | 'failedLogins'
    | 'passwordHash'
    | 'mustChangePassword'
  >
>;

export interface UserSearch {
  query?: string;
  role?: UserRole;
  status?: UserView['status'];
  page: number;
  pageSize: number;
}

@Injectable()
export class UsersRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async insert(tx: Executor, values: NewUser): Promise<UserRow> {
    const [row] = await tx
      .insert(users)
      .values({ ...values, mustChangePassword: true })
      .returning();
    return row;
  }

  async update(tx: Executor, id: string, changes: UserChanges): Promise<UserRow> {
    const [row] = await tx
      .update(users)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(users.id, id))
      .returning();
    return row;
  }

  /** A user of one company only: another company's user is simply not found. */
  async findInCompany(companyId: string, id: string, tx: Executor = this.database.db, forUpdate = false): Promise<UserRow | undefined> {
    const query = tx
      .select()
      .from(users)
      .where(and(eq(users.companyId, companyId), eq(users.id, id)));
    const [row] = forUpdate ? await query.for('update') : await query;
    return row;
  }

  async findWithCompany(
    id: string,
  ): Promise<{ user: UserRow; companyName: string; companyPlan: CompanyRow['plan']; companyOptions: CompanyRow['options'] } | undefined> {
    const [row] = await this.database.db
      .select({ user: users, companyName: companies.name, companyPlan: companies.plan, companyOptions: companies.options })
      .from(users)
      .innerJoin(companies, eq(companies.id, users.companyId))
      .where(eq(users.id, id));
    return row;
  }

  async countBulkSign(tx: Executor, companyId: string): Promise<number> {
    const [row] = await tx
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.companyId, companyId), eq(users.bulkSign, true)));
    return row?.n ?? 0;
  }

  /** The company's users a route may name now: neither disabled nor locked, holding 承認者 or 署名者, by user ID. */
  async routeCandidates(companyId: string): Promise<Pick<UserRow, 'id' | 'name' | 'roles'>[]> {
    return this.database.db
      .select({ id: users.id, name: users.name, roles: users.roles })
      .from(users)
      .where(
        and(eq(users.companyId, companyId), isNull(users.disabledAt), isNull(users.lockedAt), arrayOverlaps(users.roles, [...ROUTE_ROLES])),
      )
      .orderBy(asc(users.id));
  }

  async search(companyId: string, search: UserSearch): Promise<{ rows: UserRow[]; total: number }> {
    const conditions: (SQL | undefined)[] = [eq(users.companyId, companyId)];
    if (search.query) {
      const pattern = likeContaining(search.query);
      conditions.push(
        or(
          eq(users.id, search.query.toUpperCase()),
          ilike(users.name, pattern),
          ilike(users.email, pattern),
          ilike(users.department, pattern),
        ),
      );
    }
    if (search.role) {
      conditions.push(arrayContains(users.roles, [search.role]));
    }
    if (search.status === 'DISABLED') {
      conditions.push(isNotNull(users.disabledAt));
    } else if (search.status === 'LOCKED') {
      conditions.push(isNull(users.disabledAt), isNotNull(users.lockedAt));
    } else if (search.status === 'ACTIVE') {
      conditions.push(isNull(users.disabledAt), isNull(users.lockedAt));
    }
    const where = and(...conditions);
    const db = this.database.db;
    const [rows, [{ total } = { total: 0 }]] = await Promise.all([
      db
        .select()
        .from(users)
        .where(where)
        .orderBy(asc(users.id))
        .limit(search.pageSize)
        .offset((search.page - 1) * search.pageSize),
      db.select({ total: count() }).from(users).where(where),
    ]);
    return { rows, total };
  }
}
