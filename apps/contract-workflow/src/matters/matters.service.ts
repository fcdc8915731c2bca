import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  ActorContext,
  AppError,
  createMatterSchema,
  listMattersSchema,
  matterPageSchema,
  MatterView,
  requireCompanyMember,
  updateMatterSchema,
  UserContact,
} from '@app/contracts';
import { currentActor } from '@app/messaging';
import { pageWindow } from '../contracts/page-window';
import { isUniqueViolation } from '../database/unique-violation';
import { PartyDirectory } from '../contracts/party-directory';
import { matterError } from './matter.errors';
import { MatterRow, MattersRepository } from './matters.repository';

/** Whether a company may use 案件管理: DOMAIN.md gives it to one-side-pays companies, and the option must be bought. */
export function assertMatterOption(company: Pick<UserContact, 'companyPlan' | 'companyOptions'>): void {
  if (company.companyPlan !== 'ONE_SIDE' || !company.companyOptions.includes('MATTER')) {
    throw matterError('MATTER_OPTION_REQUIRED');
  }
}

function toMatterView(row: MatterRow): MatterView {
  return {
    matterId: row.id,
    name: row.name,
    code: row.code,
    description: row.description,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * 案件管理: a company's matters, for its own people only (another company's
 * matter is not found). Every call checks the company's plan and option as
 * identity knows them now, so a company that loses the option loses access.
 */
@Injectable()
export class MattersService {
  constructor(
    private readonly matters: MattersRepository,
    private readonly directory: PartyDirectory,
  ) {}

  async create(input: z.output<typeof createMatterSchema>): Promise<MatterView> {
    const { companyId, userId } = await this.manager();
    try {
      return toMatterView(await this.matters.insert({ ...input, code: input.code ?? null, companyId, createdBy: userId }));
    } catch (error) {
      throw isUniqueViolation(error, 'matters_company_code_unique') ? matterError('MATTER_CODE_TAKEN') : error;
    }
  }

  async list(filter: z.output<typeof listMattersSchema>): Promise<z.output<typeof matterPageSchema>> {
    const { companyId } = await this.member();
    const { rows, total } = await this.matters.list(companyId, filter);
    return {
      items: rows.map(toMatterView),
      total,
      page: filter.page,
      pageSize: filter.pageSize,
      ...pageWindow(filter.page, filter.pageSize, rows.length),
    };
  }

  async get(matterId: string): Promise<MatterView> {
    const { companyId } = await this.member();
    return toMatterView(await this.own(companyId, matterId));
  }

  async update(input: z.output<typeof updateMatterSchema>): Promise<MatterView> {
    const { companyId } = await this.manager();
    const { matterId, ...changes } = input;
    try {
      const row = await this.matters.update(companyId, matterId, changes);
      if (!row) {
        throw matterError('MATTER_NOT_FOUND');
      }
      return toMatterView(row);
    } catch (error) {
      throw isUniqueViolation(error, 'matters_company_code_unique') ? matterError('MATTER_CODE_TAKEN') : error;
    }
  }

  /** Only a matter no document links: the documents keep their grouping. */
  async delete(matterId: string): Promise<MatterView> {
    const { companyId } = await this.manager();
    await this.own(companyId, matterId);
    if (await this.matters.inUse(matterId)) {
      throw matterError('MATTER_IN_USE');
    }
    try {
      const row = await this.matters.delete(companyId, matterId);
      if (!row) {
        throw matterError('MATTER_NOT_FOUND');
      }
      return toMatterView(row);
    } catch (error) {
      // A contract linked it between the check and the delete: the foreign key refuses.
      const cause = (error as { cause?: { code?: string } }).cause;
      throw cause?.code === '23503' ? matterError('MATTER_IN_USE') : error;
    }
  }

  /** For linking at registration or receipt: the company (as identity knows it) has the option and the matter is its own. */
  async linkable(company: Pick<UserContact, 'companyId' | 'companyPlan' | 'companyOptions'>, matterId: string): Promise<string> {
    assertMatterOption(company);
    return (await this.own(company.companyId, matterId)).id;
  }

  private async own(companyId: string, matterId: string): Promise<MatterRow> {
    const row = await this.matters.find(companyId, matterId);
    if (!row) {
      throw matterError('MATTER_NOT_FOUND');
    }
    return row;
  }

  /** A person of a company with the option. */
  private async member(actor: ActorContext = currentActor()): Promise<{ companyId: string; userId: string; roles: string[] }> {
    const { companyId, userId } = requireCompanyMember(actor);
    const contact = await this.directory.find(userId);
    if (!contact || contact.companyId !== companyId) {
      throw AppError.of('FORBIDDEN');
    }
    assertMatterOption(contact);
    return { companyId, userId, roles: actor.roles };
  }

  /** Those who link documents (registrants, recipients) and administrators manage the list. */
  private async manager(): Promise<{ companyId: string; userId: string }> {
    const member = await this.member();
    if (!member.roles.some((role) => role === 'registrant' || role === 'recipient' || role === 'administrator')) {
      throw matterError('MATTER_ROLE_REQUIRED');
    }
    return member;
  }
}
