import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { billingUsageQuerySchema, Patterns } from '@app/contracts';
import { currentActor } from '@app/messaging';
import { BillingLedger } from './billing-ledger';

@Controller()
export class BillingHandler {
  constructor(private readonly ledger: BillingLedger) {}

  @MessagePattern(Patterns.contractWorkflow.billingUsage)
  usage(@Payload() input: z.output<typeof billingUsageQuerySchema>) {
    return this.ledger.usage(currentActor(), input);
  }
}
