import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ContractEventTypes,
  createWebhookSchema,
  listWebhookDeliveriesSchema,
  parseOrThrow,
  Patterns,
  webhookCreatedSchema,
  webhookDeliveryPageSchema,
  webhookDeliveryRefSchema,
  webhookDeliverySchema,
  webhookListSchema,
  webhookRefSchema,
  webhookViewSchema,
} from '@app/contracts';
import { ServiceClient } from '@app/messaging';
import { SessionOnly } from '../auth/auth.decorators';
import { ValidQuery } from '../openapi/valid-query';
import { ApiContract } from '../openapi/api-docs';

const SIGNING =
  'Each delivery is a POST of JSON {id, type, createdAt, data} with headers X-Inkan-Event, X-Inkan-Delivery (dedupe on it), ' +
  'X-Inkan-Timestamp (Unix seconds) and X-Inkan-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>. ' +
  'Any 2xx is delivered; anything else is retried with exponential backoff, then marked failed.';

/** Webhooks: a company's systems hear of its contracts' transitions, signed with a secret shown once. */
/** The delivery log's query: the webhook comes from the path. */
const deliveriesQuerySchema = listWebhookDeliveriesSchema.omit({ webhookId: true });

@ApiTags('webhooks (administrator)')
@Controller('api/webhooks')
@SessionOnly()
export class WebhooksController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @ApiOperation({
    summary: 'Webhook登録 / Create a webhook',
    description:
      `Event types: ${Object.values(ContractEventTypes).join(', ')}. The secret is in this reply only. ${SIGNING} ` +
      'The URL must be http(s) and reach only public addresses: an IP literal or any address its name resolves to in an IANA special-purpose range (loopback, private, documentation, IPv4-mapped, NAT64, 6to4 …), or a name that does not resolve, is 400 WEBHOOK_TARGET_NOT_PUBLIC; each delivery checks the address it connects to again. The delivery log says only "target unreachable" or "HTTP <status>".',
  })
  @ApiContract({ body: createWebhookSchema, ok: webhookCreatedSchema, okStatus: 201, errors: [400, 401, 403, 409] })
  create(@Body() body: unknown) {
    return this.services.send(Patterns.contractWorkflow.createWebhook, parseOrThrow(createWebhookSchema, body));
  }

  @Get()
  @ApiOperation({ summary: 'Webhook一覧 / List webhooks' })
  @ApiContract({ ok: webhookListSchema, errors: [401, 403] })
  list() {
    return this.services.send(Patterns.contractWorkflow.listWebhooks, {});
  }

  @Delete(':webhookId')
  @ApiOperation({
    summary: 'Webhook削除 / Delete a webhook',
    description: 'Deliveries not yet made are cancelled; the delivery log stays.',
  })
  @ApiContract({ ok: webhookViewSchema, errors: [400, 401, 403, 404] })
  remove(@Param('webhookId') webhookId: string) {
    return this.services.send(Patterns.contractWorkflow.deleteWebhook, parseOrThrow(webhookRefSchema, { webhookId }));
  }

  @Get(':webhookId/deliveries')
  @ApiOperation({
    summary: 'Webhook送信履歴 / Webhook delivery log',
    description: 'Newest first: event, status (pending, delivered, failed, cancelled), attempts, last HTTP status or error, next attempt.',
  })
  @ApiContract({ ok: webhookDeliveryPageSchema, errors: [400, 401, 403, 404] })
  deliveries(@Param('webhookId') webhookId: string, @ValidQuery(deliveriesQuerySchema) query: z.output<typeof deliveriesQuerySchema>) {
    return this.services.send(
      Patterns.contractWorkflow.listWebhookDeliveries,
      parseOrThrow(listWebhookDeliveriesSchema, { ...query, webhookId }),
    );
  }

  @Post(':webhookId/deliveries/:deliveryId/redeliver')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Webhook再送 / Send a failed delivery again',
    description: 'A failed delivery goes back to the queue with a fresh set of attempts: same X-Inkan-Delivery, same body.',
  })
  @ApiContract({ body: z.object({}), ok: webhookDeliverySchema, errors: [400, 401, 403, 404, 409] })
  redeliver(@Param('webhookId') webhookId: string, @Param('deliveryId') deliveryId: string) {
    return this.services.send(
      Patterns.contractWorkflow.redeliverWebhook,
      parseOrThrow(webhookDeliveryRefSchema, { webhookId, deliveryId }),
    );
  }
}
