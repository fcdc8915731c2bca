import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { listMailDeliveriesSchema, MailDeliveryPage, Patterns } from '@app/contracts';
import { currentActor } from '@app/messaging';
import { z } from 'zod';
import { ListDeliveriesUseCase } from './list-deliveries.use-case';

@Controller()
export class DeliveriesHandler {
  constructor(private readonly listDeliveries: ListDeliveriesUseCase) {}

  @MessagePattern(Patterns.notification.listDeliveries)
  list(@Payload() query: z.output<typeof listMailDeliveriesSchema>): Promise<MailDeliveryPage> {
    return this.listDeliveries.execute(currentActor(), query);
  }
}
