import { Inject, Injectable } from '@nestjs/common';
import { eq, sql } from 'drizzle-orm';
import { Role } from '@app/contracts';
import { DatabaseHandle, Executor } from '@app/db';
import { DATABASE } from '@app/messaging';
import { operators, users } from '../database/identity.schema';

/** Whoever can log in: a company's user (`U…`) or a platform operator (`P…`). */
export interface Principal {
  id: string;
  kind: 'user' | 'operator';
  companyId: string | null;
  name: string;
  email: string;
  language: 'ja' | 'en';
  roles: Role[];
  bulkSign: boolean;
  passwordHash: string | null;
  mustChangePassword: boolean;
  failedLogins: number;
  lockedAt: Date | null;
  disabledAt: Date | null;
}

type CredentialChanges = Partial<Pick<Principal, 'passwordHash' | 'mustChangePassword' | 'failedLogins' | 'lockedAt'>>;

@Injectable()
export class CredentialsRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  async find(loginId: string, tx: Executor = this.database.db, forUpdate = false): Promise<Principal | undefined> {
    if (/^U\d{6}$/.test(loginId)) {
      const query = tx.select().from(users).where(eq(users.id, loginId));
      const [user] = forUpdate ? await query.for('update') : await query;
      return user && { ...user, kind: 'user', roles: user.isAdministrator ? ['administrator', ...user.roles] : user.roles };
    }
    if (/^P\d{6}$/.test(loginId)) {
      const query = tx.select().from(operators).where(eq(operators.id, loginId));
      const [operator] = forUpdate ? await query.for('update') : await query;
      return operator && { ...operator, kind: 'operator', companyId: null, roles: ['operator'], bulkSign: false };
    }
    return undefined;
  }

  async update(tx: Executor, principal: Pick<Principal, 'id' | 'kind'>, changes: CredentialChanges): Promise<void> {
    const table = principal.kind === 'user' ? users : operators;
    await tx
      .update(table)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(table.id, principal.id));
  }
}
