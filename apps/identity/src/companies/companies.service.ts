import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  AppError,
  CompanyContact,
  companyPageSchema,
  createCompanySchema,
  CompanyView,
  listCompaniesSchema,
  requirePermission,
  updateCompanySchema,
  UserView,
} from '@app/contracts';
import { DatabaseHandle, Executor, inTransaction } from '@app/db';
import { currentActor, DATABASE } from '@app/messaging';
import { identityError } from '../identity.errors';
import { IdentityMails } from '../mails/identity-mails';
import { hashPassword } from '../passwords/password-hasher';
import { generateInitialPassword } from '../secrets/identity-secrets';
import { UsersRepository } from '../users/users.repository';
import { CompanyRow, toCompanyView, toUserView } from '../views';
import { assertOptionsFitPlan, uniqueOptions } from './company-rules';
import { CompaniesRepository } from './companies.repository';

/** What the platform operator does: companies, plans and options. Operators never see a company's users. */
@Injectable()
export class CompaniesService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly companies: CompaniesRepository,
    private readonly users: UsersRepository,
    private readonly mails: IdentityMails,
  ) {}

  async create(input: z.output<typeof createCompanySchema>): Promise<{ company: CompanyView; administrator: UserView }> {
    requirePermission(currentActor(), 'companies:write');
    const options = uniqueOptions(input.options);
    assertOptionsFitPlan(input.plan, options);
    return this.createWithAdministrator(this.database.db, { name: input.name, plan: input.plan, options }, input.administrator);
  }

  /**
   * A company and its 管理用ID in one transaction, with the two mails (user
   * ID, initial password) recorded in the same commit. Also used by partner
   * applications, which run inside their own transaction.
   */
  async createWithAdministrator(
    executor: Executor,
    company: Pick<CompanyRow, 'name' | 'plan' | 'options'>,
    person: { name: string; email: string; department: string; language: 'ja' | 'en' },
  ): Promise<{ company: CompanyView; administrator: UserView }> {
    const initialPassword = generateInitialPassword();
    const passwordHash = await hashPassword(initialPassword);
    const run = async (tx: Executor) => {
      const created = await this.companies.insert(tx, company);
      const administrator = await this.users.insert(tx, {
        companyId: created.id,
        ...person,
        isAdministrator: true,
        roles: [],
        bulkSign: false,
        passwordHash,
      });
      await this.mails.registered(tx, { ...administrator, companyId: created.id }, created.name, initialPassword);
      return { company: toCompanyView(created, administrator.id), administrator: toUserView(administrator) };
    };
    return executor === this.database.db ? inTransaction(this.database.db, run) : run(executor);
  }

  async update(input: z.output<typeof updateCompanySchema>): Promise<CompanyView> {
    requirePermission(currentActor(), 'companies:write');
    return inTransaction(this.database.db, async (tx) => {
      const current = await this.companies.findById(input.companyId, tx, true);
      if (!current) {
        throw AppError.of('NOT_FOUND');
      }
      const plan = input.plan ?? current.plan;
      const options = uniqueOptions(input.options ?? current.options);
      assertOptionsFitPlan(plan, options);
      if (!options.includes('BULK_SIGN') && (await this.users.countBulkSign(tx, current.id)) > 0) {
        throw identityError('OPTION_IN_USE');
      }
      const updated = await this.companies.update(tx, current.id, { name: input.name ?? current.name, plan, options });
      return toCompanyView(updated ?? current, await this.companies.administratorOf(current.id, tx));
    });
  }

  /** The operator sees any company; a company's own users and tokens see only their own. */
  async get(companyId: string): Promise<CompanyView> {
    const actor = currentActor();
    const ownCompany = actor.companyId === companyId && (actor.kind === 'user' || actor.kind === 'api-token');
    if (!ownCompany) {
      requirePermission(actor, 'companies:read');
    }
    const company = await this.companies.findById(companyId);
    if (!company) {
      throw AppError.of('NOT_FOUND');
    }
    return toCompanyView(company, await this.companies.administratorOf(company.id));
  }

  /**
   * Internal, for other services (the 長期保管延長 renewal job): each company's plan, options and 管理用ID
   * contact. No person or token may ask: the gateway has no route to it.
   */
  async contacts(companyIds: readonly string[]): Promise<{ items: CompanyContact[] }> {
    if (currentActor().kind !== 'system') {
      throw AppError.of('FORBIDDEN');
    }
    const rows = await this.companies.contacts([...new Set(companyIds)]);
    return {
      items: rows.map(({ company, administrator }) => ({
        companyId: company.id,
        name: company.name,
        plan: company.plan,
        options: company.options,
        administrator: administrator?.userId ? administrator : null,
      })),
    };
  }

  async list(input: z.output<typeof listCompaniesSchema>): Promise<z.output<typeof companyPageSchema>> {
    requirePermission(currentActor(), 'companies:read');
    const { rows, total } = await this.companies.page(input.query, input.page, input.pageSize);
    return { items: rows.map((row) => toCompanyView(row, row.administratorUserId)), total, page: input.page, pageSize: input.pageSize };
  }
}
