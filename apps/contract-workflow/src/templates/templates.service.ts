import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  listTemplatesSchema,
  parseOrThrow,
  registerContractRequestSchema,
  registerContractSchema,
  requireCompanyMember,
  TemplateFields,
  templatePageSchema,
  TemplateView,
} from '@app/contracts';
import { currentActor } from '@app/messaging';
import { assertPlanPairAllowed } from '../billing/plan-matrix';
import { contractError } from '../contracts/contract.errors';
import { pageWindow } from '../contracts/page-window';
import { PartyDirectory } from '../contracts/party-directory';
import { RouteChecker } from '../contracts/route-checker';
import { isUniqueViolation } from '../database/unique-violation';
import { templateError } from './template.errors';
import { TemplateRow, TemplatesRepository } from './templates.repository';

type RegistrationRequest = z.output<typeof registerContractRequestSchema>;

function toTemplateView(row: TemplateRow): TemplateView {
  return {
    templateId: row.id,
    name: row.name,
    contractName: row.contractName,
    counterpartyCompanyId: row.counterpartyCompanyId,
    recipientUserId: row.recipientUserId,
    senderSide: row.senderSide,
    signatureMode: row.signatureMode,
    route: row.route,
    createdBy: row.createdBy,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function columnsOf(fields: TemplateFields) {
  return {
    name: fields.name,
    contractName: fields.contractName ?? null,
    counterpartyCompanyId: fields.counterpartyCompanyId ?? null,
    recipientUserId: fields.recipientUserId ?? null,
    senderSide: fields.senderSide ?? null,
    signatureMode: fields.signatureMode ?? null,
    route: fields.route ?? null,
  };
}

/** Only the fields that have a value: a field the body leaves out keeps the template's. */
function given<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null)) as Partial<T>;
}

/**
 * テンプレート管理: a company's saved contract info and sender route, for its
 * registrants. What a template names is checked when it is saved (so a
 * mistake shows at once) and again, by registration itself, at every use.
 */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly templates: TemplatesRepository,
    private readonly directory: PartyDirectory,
    private readonly routes: RouteChecker,
  ) {}

  async create(fields: TemplateFields): Promise<TemplateView> {
    const { companyId, userId } = this.registrant();
    await this.check(companyId, userId, fields);
    try {
      return toTemplateView(await this.templates.insert({ ...columnsOf(fields), companyId, createdBy: userId, updatedBy: userId }));
    } catch (error) {
      throw isUniqueViolation(error, 'contract_templates_company_name_unique') ? templateError('TEMPLATE_NAME_TAKEN') : error;
    }
  }

  async list(filter: z.output<typeof listTemplatesSchema>): Promise<z.output<typeof templatePageSchema>> {
    const { companyId } = this.registrant();
    const { rows, total } = await this.templates.list(companyId, filter);
    return {
      items: rows.map(toTemplateView),
      total,
      page: filter.page,
      pageSize: filter.pageSize,
      ...pageWindow(filter.page, filter.pageSize, rows.length),
    };
  }

  async get(templateId: string): Promise<TemplateView> {
    const { companyId } = this.registrant();
    return toTemplateView(await this.own(companyId, templateId));
  }

  async replace(templateId: string, fields: TemplateFields): Promise<TemplateView> {
    const { companyId, userId } = this.registrant();
    await this.own(companyId, templateId);
    await this.check(companyId, userId, fields);
    try {
      const row = await this.templates.replace(companyId, templateId, { ...columnsOf(fields), updatedBy: userId });
      if (!row) {
        throw templateError('TEMPLATE_NOT_FOUND');
      }
      return toTemplateView(row);
    } catch (error) {
      throw isUniqueViolation(error, 'contract_templates_company_name_unique') ? templateError('TEMPLATE_NAME_TAKEN') : error;
    }
  }

  async delete(templateId: string): Promise<TemplateView> {
    const { companyId } = this.registrant();
    const row = await this.templates.delete(companyId, templateId);
    if (!row) {
      throw templateError('TEMPLATE_NOT_FOUND');
    }
    return toTemplateView(row);
  }

  /**
   * A registration request made whole: without a template as it came; with
   * one, the template's fields under what the body gives. Either way it must
   * then be a complete registration (400 naming what is missing).
   */
  async completeRegistration(companyId: string, request: RegistrationRequest): Promise<z.output<typeof registerContractSchema>> {
    const { templateId, ...body } = request;
    if (!templateId) {
      return parseOrThrow(registerContractSchema, body);
    }
    const template = await this.own(companyId, templateId);
    const prefill = {
      name: template.contractName,
      counterpartyCompanyId: template.counterpartyCompanyId,
      recipientUserId: template.recipientUserId,
      senderSide: template.senderSide,
      signatureMode: template.signatureMode,
      route: template.route,
    };
    return parseOrThrow(registerContractSchema, { ...given(prefill), ...given(body) });
  }

  private async own(companyId: string, templateId: string): Promise<TemplateRow> {
    const row = await this.templates.find(companyId, templateId);
    if (!row) {
      throw templateError('TEMPLATE_NOT_FOUND');
    }
    return row;
  }

  /** The same rules as registration, for what the template names: counterparty, recipient, plan pair, route. */
  private async check(companyId: string, userId: string, fields: TemplateFields): Promise<void> {
    if (fields.counterpartyCompanyId === companyId) {
      throw contractError('COUNTERPARTY_INVALID');
    }
    if (fields.recipientUserId) {
      const [registrant, recipient] = [await this.directory.find(userId), await this.directory.find(fields.recipientUserId)];
      if (
        !recipient ||
        recipient.companyId !== fields.counterpartyCompanyId ||
        recipient.status !== 'ACTIVE' ||
        !recipient.roles.includes('recipient')
      ) {
        throw contractError('RECIPIENT_INVALID', [
          {
            path: 'recipientUserId',
            message: 'not a recipient of the counterparty company',
            messageJa: '取引先企業の受取担当者ではありません',
          },
        ]);
      }
      if (registrant) {
        assertPlanPairAllowed(registrant.companyPlan, recipient.companyPlan);
      }
    }
    if (fields.route) {
      await this.routes.check(companyId, fields.route);
    }
  }

  private registrant(): { companyId: string; userId: string } {
    const actor = currentActor();
    const member = requireCompanyMember(actor);
    if (!actor.roles.includes('registrant')) {
      throw templateError('TEMPLATE_ROLE_REQUIRED');
    }
    return member;
  }
}
