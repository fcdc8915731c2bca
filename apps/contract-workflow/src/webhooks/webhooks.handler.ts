import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { createWebhookSchema, listWebhookDeliveriesSchema, Patterns, webhookDeliveryRefSchema, webhookRefSchema } from '@app/contracts';
import { currentActor } from '@app/messaging';
import { Webhooks } from './webhooks';

/** Webhook subscriptions and their delivery log: the company's administrator only. */
@Controller()
export class WebhooksHandler {
  constructor(private readonly webhooks: Webhooks) {}

  @MessagePattern(Patterns.contractWorkflow.createWebhook)
  create(@Payload() input: z.output<typeof createWebhookSchema>) {
    return this.webhooks.create(currentActor(), input);
  }

  @MessagePattern(Patterns.contractWorkflow.listWebhooks)
  list() {
    return this.webhooks.list(currentActor());
  }

  @MessagePattern(Patterns.contractWorkflow.deleteWebhook)
  remove(@Payload() input: z.output<typeof webhookRefSchema>) {
    return this.webhooks.remove(currentActor(), input.webhookId);
  }

  @MessagePattern(Patterns.contractWorkflow.redeliverWebhook)
  redeliver(@Payload() input: z.output<typeof webhookDeliveryRefSchema>) {
    return this.webhooks.redeliver(currentActor(), input.webhookId, input.deliveryId);
  }

  @MessagePattern(Patterns.contractWorkflow.listWebhookDeliveries)
  deliveries(@Payload() input: z.output<typeof listWebhookDeliveriesSchema>) {
    return this.webhooks.deliveries(currentActor(), input);
  }
}
