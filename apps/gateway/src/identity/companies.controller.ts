import { z } from 'zod';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  companyIdSchema,
  companyPageSchema,
  companyViewSchema,
  companyWithAdministratorSchema,
  createCompanySchema,
  listCompaniesSchema,
  parseOrThrow,
  Patterns,
  updateCompanySchema,
} from '@app/contracts';
import { ServiceClient } from '@app/messaging';
import { SessionOnly } from '../auth/auth.decorators';
import { ApiContract } from '../openapi/api-docs';
import { ValidQuery } from '../openapi/valid-query';

/** 企業: the platform operator creates companies and sets plans and options. */
@ApiTags('companies (operator)')
@Controller('api/companies')
@SessionOnly()
export class CompaniesController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @ApiOperation({
    summary: '企業登録 / Create a company',
    description: 'Operator only. Creates the company and its 管理用ID; mails the ID and the initial password separately.',
  })
  @ApiContract({ body: createCompanySchema, ok: companyWithAdministratorSchema, okStatus: 201, errors: [400, 401, 403] })
  create(@Body() body: unknown) {
    return this.services.send(Patterns.identity.createCompany, parseOrThrow(createCompanySchema, body));
  }

  @Get()
  @ApiOperation({ summary: '企業一覧 / List companies', description: 'Operator only. `query` matches the name or the company ID.' })
  @ApiContract({ ok: companyPageSchema, errors: [400, 401, 403] })
  list(@ValidQuery(listCompaniesSchema) query: z.output<typeof listCompaniesSchema>) {
    return this.services.send(Patterns.identity.listCompanies, query);
  }

  @Get(':companyId')
  @ApiOperation({ summary: '企業情報 / A company', description: 'The operator, or a user of that company.' })
  @ApiContract({ ok: companyViewSchema, errors: [400, 401, 403, 404] })
  get(@Param('companyId') companyId: string) {
    return this.services.send(Patterns.identity.getCompany, { companyId: parseOrThrow(companyIdSchema, companyId) });
  }

  @Patch(':companyId')
  @ApiOperation({ summary: 'プラン・オプション変更 / Change name, plan or options', description: 'Operator only.' })
  @ApiContract({ body: updateCompanySchema.omit({ companyId: true }), ok: companyViewSchema, errors: [400, 401, 403, 404, 409] })
  update(@Param('companyId') companyId: string, @Body() body: unknown) {
    return this.services.send(Patterns.identity.updateCompany, parseOrThrow(updateCompanySchema, { ...asObject(body), companyId }));
  }
}

export function asObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
