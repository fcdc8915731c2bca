import { z } from 'zod';
import { Body, Controller, Delete, Get, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  createTemplateSchema,
  listTemplatesSchema,
  parseOrThrow,
  Patterns,
  templateFieldsSchema,
  templatePageSchema,
  templateRefSchema,
  templateViewSchema,
} from '@app/contracts';
import { ServiceClient } from '@app/messaging';
import { ValidQuery } from '../openapi/valid-query';
import { ApiContract } from '../openapi/api-docs';

const WHO = 'Registrants of the company (others: 403 TEMPLATE_ROLE_REQUIRED); another company’s template is 404.';
const CHECKED =
  'What it names is checked as registration checks it (counterparty not your own company, an active recipient of that company, ' +
  'the plan pair, route users with their roles); a registration from it is checked again in full.';

/** テンプレート管理: saved contract info and sender routes; POST /api/contracts with templateId registers from one. */
@ApiTags('templates')
@Controller('api/templates')
export class TemplatesController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @ApiOperation({
    summary: 'テンプレートの登録 / Save a template',
    description: `A name unique within the company (409 TEMPLATE_NAME_TAKEN) and any of: contractName, counterpartyCompanyId, recipientUserId, senderSide, signatureMode, route. ${CHECKED} ${WHO}`,
  })
  @ApiContract({ body: createTemplateSchema, ok: templateViewSchema, okStatus: 201, errors: [400, 401, 403, 409] })
  create(@Body() body: unknown) {
    return this.services.send(Patterns.contractWorkflow.createTemplate, parseOrThrow(createTemplateSchema, body));
  }

  @Get()
  @ApiOperation({
    summary: 'テンプレート一覧 / List templates',
    description: `By name; query finds part of the name or the contract name. ${WHO}`,
  })
  @ApiContract({ ok: templatePageSchema, errors: [400, 401, 403] })
  list(@ValidQuery(listTemplatesSchema) query: z.output<typeof listTemplatesSchema>) {
    return this.services.send(Patterns.contractWorkflow.listTemplates, query);
  }

  @Get(':templateId')
  @ApiOperation({ summary: 'テンプレート / A template', description: WHO })
  @ApiContract({ ok: templateViewSchema, errors: [400, 401, 403, 404] })
  get(@Param('templateId') templateId: string) {
    return this.services.send(Patterns.contractWorkflow.getTemplate, parseOrThrow(templateRefSchema, { templateId }));
  }

  @Put(':templateId')
  @ApiOperation({
    summary: 'テンプレートの変更 / Replace a template',
    description: `The whole template: a field left out is cleared. ${CHECKED} ${WHO}`,
  })
  @ApiContract({ body: templateFieldsSchema, ok: templateViewSchema, errors: [400, 401, 403, 404, 409] })
  replace(@Param('templateId') templateId: string, @Body() body: unknown) {
    const ref = parseOrThrow(templateRefSchema, { templateId });
    const template = parseOrThrow(templateFieldsSchema, body);
    return this.services.send(Patterns.contractWorkflow.replaceTemplate, { ...ref, template });
  }

  @Delete(':templateId')
  @ApiOperation({ summary: 'テンプレートの削除 / Delete a template', description: `Contracts registered from it keep their data. ${WHO}` })
  @ApiContract({ ok: templateViewSchema, errors: [400, 401, 403, 404] })
  remove(@Param('templateId') templateId: string) {
    return this.services.send(Patterns.contractWorkflow.deleteTemplate, parseOrThrow(templateRefSchema, { templateId }));
  }
}
