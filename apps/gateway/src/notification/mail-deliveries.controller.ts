import { z } from 'zod';
import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { listMailDeliveriesSchema, mailDeliveryPageSchema, Patterns } from '@app/contracts';
import { ServiceClient } from '@app/messaging';
import { ValidQuery } from '../openapi/valid-query';
import { ApiContract } from '../openapi/api-docs';

/** メール送信履歴: what the platform mailed to the company's users, and whether it arrived at the mail server. */
@ApiTags('mail deliveries (administrator)')
@Controller('api/mail-deliveries')
export class MailDeliveriesController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({
    summary: 'メール送信履歴 / Mail delivery log',
    description:
      "Mails addressed to users of the caller's company: template, recipient, status, attempts, last SMTP reply. Never the contents or any secret. Administrator, or an API token with scope mail-deliveries:read.",
  })
  @ApiContract({ ok: mailDeliveryPageSchema, errors: [400, 401, 403] })
  list(@ValidQuery(listMailDeliveriesSchema) query: z.output<typeof listMailDeliveriesSchema>) {
    return this.services.send(Patterns.notification.listDeliveries, query);
  }
}
