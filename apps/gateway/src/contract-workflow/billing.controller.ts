import { z } from 'zod';
import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { billingUsageQuerySchema, billingUsageSchema, Patterns } from '@app/contracts';
import { ServiceClient } from '@app/messaging';
import { ApiContract } from '../openapi/api-docs';
import { ValidQuery } from '../openapi/valid-query';

/** 利用状況: concluded contracts charged to a company in a month, per the plan matrix. */
@ApiTags('billing')
@Controller('api/billing')
export class BillingController {
  constructor(private readonly services: ServiceClient) {}

  @Get('usage')
  @ApiOperation({
    summary: '月間利用状況 / Monthly usage',
    description:
      "Contracts concluded in the month (YYYY-MM, Japan time) that are charged to the company, per the plan matrix. An administrator sees its own company; the operator names one with companyId. Another company's usage is 404.",
  })
  @ApiContract({ ok: billingUsageSchema, errors: [400, 401, 403, 404] })
  usage(@ValidQuery(billingUsageQuerySchema) query: z.output<typeof billingUsageQuerySchema>) {
    return this.services.send(Patterns.contractWorkflow.billingUsage, query);
  }
}
