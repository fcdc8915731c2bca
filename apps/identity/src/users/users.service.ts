import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  AppError,
  registerUserSchema,
  requireCompanyMember,
  requireCompanyPermission,
  ROUTE_ROLES,
  RouteCandidate,
  searchUsersSchema,
  updateUserSchema,
  UserContact,
  userPageSchema,
  UserView,
} from '@app/contracts';
import { DatabaseHandle, inTransaction, Transaction } from '@app/db';
import { currentActor, DATABASE } from '@app/messaging';
import { CompaniesRepository } from '../companies/companies.repository';
import { identityError } from '../identity.errors';
import { IdentityMails } from '../mails/identity-mails';
import { hashPassword } from '../passwords/password-hasher';
import { generateInitialPassword } from '../secrets/identity-secrets';
import { SessionsRepository } from '../sessions/sessions.repository';
import { CompanyRow, toUserView, UserRow, userStatus } from '../views';
import { assertMayChangeAdministrator, assertUserSettings } from './user-rules';
import { UserChanges, UsersRepository } from './users.repository';

/**
 * 利用者登録 and 利用者情報の照会: the administrator (or an API token with the
 * scope) acts only on users of its own company; any other user ID is "not found".
 */
@Injectable()
export class UsersService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly users: UsersRepository,
    private readonly companies: CompaniesRepository,
    private readonly sessions: SessionsRepository,
    private readonly mails: IdentityMails,
  ) {}

  async register(input: z.output<typeof registerUserSchema>): Promise<UserView> {
    const companyId = requireCompanyPermission(currentActor(), 'users:write');
    const initialPassword = generateInitialPassword();
    const passwordHash = await hashPassword(initialPassword);
    return inTransaction(this.database.db, async (tx) => {
      const company = await this.companies.findById(companyId, tx);
      if (!company) {
        throw AppError.of('NOT_FOUND');
      }
      assertUserSettings(company, { isAdministrator: false, roles: input.roles, bulkSign: input.bulkSign });
      const user = await this.users.insert(tx, {
        companyId,
        name: input.name,
        email: input.email,
        department: input.department,
        language: input.language,
        isAdministrator: false,
        roles: input.roles,
        bulkSign: input.bulkSign,
        passwordHash,
      });
      await this.mails.registered(tx, user, company.name, initialPassword);
      return toUserView(user);
    });
  }

  async update(input: z.output<typeof updateUserSchema>): Promise<UserView> {
    const { userId, ...changes } = input;
    const sensitive = changes.email !== undefined || changes.roles !== undefined || changes.bulkSign !== undefined;
    return this.change(userId, sensitive, async (tx, user, company) => {
      const next = { ...user, ...definedOnly(changes) };
      assertUserSettings(company, next);
      return this.users.update(tx, user.id, definedOnly(changes));
    });
  }

  async disable(userId: string): Promise<UserView> {
    return this.change(userId, true, async (tx, user) => {
      if (user.isAdministrator) {
        throw identityError('ADMINISTRATOR_PROTECTED');
      }
      if (user.disabledAt) {
        return user;
      }
      await this.sessions.endAllFor(tx, user.id, 'disabled');
      return this.users.update(tx, user.id, { disabledAt: new Date() });
    });
  }

  async enable(userId: string): Promise<UserView> {
    return this.change(userId, true, (tx, user) =>
      user.disabledAt ? this.users.update(tx, user.id, { disabledAt: null }) : Promise.resolve(user),
    );
  }

  async unlock(userId: string): Promise<UserView> {
    return this.change(userId, true, (tx, user) => this.users.update(tx, user.id, { lockedAt: null, failedLogins: 0 }));
  }

  /** A new initial password by mail; the user must change it at the next login, and every open session ends. */
  async resetPassword(userId: string): Promise<UserView> {
    const initialPassword = generateInitialPassword();
    const passwordHash = await hashPassword(initialPassword);
    return this.change(userId, true, async (tx, user) => {
      await this.sessions.endAllFor(tx, user.id, 'password-reset');
      const updated = await this.users.update(tx, user.id, { passwordHash, mustChangePassword: true });
      await this.mails.initialPassword(tx, updated, initialPassword, 'reset');
      return updated;
    });
  }

  /** An administrator sees any user of its company; a user sees itself. */
  async get(userId: string): Promise<UserView> {
    const actor = currentActor();
    const self = actor.kind === 'user' && actor.userId === userId && actor.companyId;
    const companyId = self ? (actor.companyId as string) : requireCompanyPermission(actor, 'users:read');
    const user = await this.users.findInCompany(companyId, userId);
    if (!user) {
      throw AppError.of('NOT_FOUND');
    }
    return toUserView(user);
  }

  /** For other services acting as the system (signing: a certificate's subject, mail addresses): any company. */
  async contact(userId: string): Promise<UserContact> {
    if (currentActor().kind !== 'system') {
      throw AppError.of('FORBIDDEN');
    }
    const found = await this.users.findWithCompany(userId);
    if (!found) {
      throw AppError.of('NOT_FOUND');
    }
    const { user, companyName, companyPlan, companyOptions } = found;
    return {
      userId: user.id,
      companyId: user.companyId,
      companyName,
      companyPlan,
      companyOptions,
      bulkSign: user.bulkSign,
      name: user.name,
      email: user.email,
      department: user.department,
      language: user.language,
      roles: user.roles,
      status: userStatus(user),
    };
  }

  async search(input: z.output<typeof searchUsersSchema>): Promise<z.output<typeof userPageSchema>> {
    const companyId = requireCompanyPermission(currentActor(), 'users:read');
    const { rows, total } = await this.users.search(companyId, input);
    return { items: rows.map(toUserView), total, page: input.page, pageSize: input.pageSize };
  }

  /**
   * 社内回覧先設定's choices for any logged-in member of a company (not a
   * token, not the operator): the own company's users the route check would
   * accept, names and route roles only.
   */
  async routeCandidates(): Promise<{ items: RouteCandidate[] }> {
    const { companyId } = requireCompanyMember(currentActor());
    const rows = await this.users.routeCandidates(companyId);
    return {
      items: rows.map((row) => ({
        userId: row.id,
        name: row.name,
        roles: ROUTE_ROLES.filter((role) => row.roles.includes(role)),
      })),
    };
  }

  /** `sensitive`: it touches the mail address, password, roles or status, which only the 管理用ID changes on itself. */
  private async change(
    userId: string,
    sensitive: boolean,
    work: (tx: Transaction, user: UserRow, company: CompanyRow) => Promise<UserRow>,
  ): Promise<UserView> {
    const actor = currentActor();
    // The operator steps in for a company's 管理用ID only (one locked out, or its mailbox lost), in any company.
    const companyId =
      actor.kind === 'operator' && sensitive ? await this.companyOfAdministrator(userId) : requireCompanyPermission(actor, 'users:write');
    return inTransaction(this.database.db, async (tx) => {
      const user = await this.users.findInCompany(companyId, userId, tx, true);
      const company = await this.companies.findById(companyId, tx);
      if (!user || !company) {
        throw AppError.of('NOT_FOUND');
      }
      if (sensitive) {
        assertMayChangeAdministrator(actor, user);
      }
      return toUserView(await work(tx, user, company));
    });
  }

  private async companyOfAdministrator(userId: string): Promise<string> {
    const found = await this.users.findWithCompany(userId);
    if (!found?.user.isAdministrator) {
      throw AppError.of('FORBIDDEN');
    }
    return found.user.companyId;
  }
}

function definedOnly<T extends object>(changes: T): UserChanges {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
}
