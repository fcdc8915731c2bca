import { z } from 'zod';
import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  contractPageSchema,
  createMatterSchema,
  listMatterContractsSchema,
  listMattersSchema,
  matterPageSchema,
  matterRefSchema,
  matterViewSchema,
  parseOrThrow,
  Patterns,
  updateMatterSchema,
} from '@app/contracts';
import { ServiceClient } from '@app/messaging';
import { asObject } from '../identity/companies.controller';
import { ValidQuery } from '../openapi/valid-query';
import { ApiContract } from '../openapi/api-docs';

const WHO =
  'People of a company on plan ONE_SIDE with the MATTER option (any other company: 403 MATTER_OPTION_REQUIRED). ' +
  'Another company’s matter is 404.';
const MANAGERS = 'Registrants, recipients and administrators (others: 403 MATTER_ROLE_REQUIRED).';

/** 案件管理: a company's matters, and the documents linked to one (at registration by the sender, at receipt by the receiver). */
/** A matter's documents: the contract list's query; the matter comes from the path. */
const matterContractsQuerySchema = listMatterContractsSchema.omit({ matterId: true });

@ApiTags('matters')
@Controller('api/matters')
export class MattersController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @ApiOperation({
    summary: '案件の登録 / Create a matter',
    description: `A name, an optional code unique within the company (409 MATTER_CODE_TAKEN) and a description. ${MANAGERS} ${WHO}`,
  })
  @ApiContract({ body: createMatterSchema, ok: matterViewSchema, okStatus: 201, errors: [400, 401, 403, 409] })
  create(@Body() body: unknown) {
    return this.services.send(Patterns.contractWorkflow.createMatter, parseOrThrow(createMatterSchema, body));
  }

  @Get()
  @ApiOperation({ summary: '案件一覧 / List matters', description: `By name; query finds part of the name or the code. ${WHO}` })
  @ApiContract({ ok: matterPageSchema, errors: [400, 401, 403] })
  list(@ValidQuery(listMattersSchema) query: z.output<typeof listMattersSchema>) {
    return this.services.send(Patterns.contractWorkflow.listMatters, query);
  }

  @Get(':matterId')
  @ApiOperation({ summary: '案件 / A matter', description: WHO })
  @ApiContract({ ok: matterViewSchema, errors: [400, 401, 403, 404] })
  get(@Param('matterId') matterId: string) {
    return this.services.send(Patterns.contractWorkflow.getMatter, parseOrThrow(matterRefSchema, { matterId }));
  }

  @Patch(':matterId')
  @ApiOperation({ summary: '案件の変更 / Change a matter', description: `code null removes the code. ${MANAGERS} ${WHO}` })
  @ApiContract({ body: updateMatterSchema.omit({ matterId: true }), ok: matterViewSchema, errors: [400, 401, 403, 404, 409] })
  update(@Param('matterId') matterId: string, @Body() body: unknown) {
    return this.services.send(Patterns.contractWorkflow.updateMatter, parseOrThrow(updateMatterSchema, { ...asObject(body), matterId }));
  }

  @Delete(':matterId')
  @ApiOperation({
    summary: '案件の削除 / Delete a matter',
    description: `Only a matter no document is linked to (else 409 MATTER_IN_USE). ${MANAGERS} ${WHO}`,
  })
  @ApiContract({ ok: matterViewSchema, errors: [400, 401, 403, 404, 409] })
  remove(@Param('matterId') matterId: string) {
    return this.services.send(Patterns.contractWorkflow.deleteMatter, parseOrThrow(matterRefSchema, { matterId }));
  }

  @Get(':matterId/contracts')
  @ApiOperation({
    summary: '案件の文書一覧 / Documents of a matter',
    description: `Every document of the company linked to the matter, any status, with the contract list’s filters, sorting and paging (from/to). ${WHO}`,
  })
  @ApiContract({ ok: contractPageSchema, errors: [400, 401, 403, 404] })
  contracts(
    @Param('matterId') matterId: string,
    @ValidQuery(matterContractsQuerySchema) query: z.output<typeof matterContractsQuerySchema>,
  ) {
    return this.services.send(
      Patterns.contractWorkflow.listMatterContracts,
      parseOrThrow(listMatterContractsSchema, { ...query, matterId }),
    );
  }
}
