import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Events, LongTermRenewalFailed, LongTermRenewed } from '@app/contracts';
import { LongTermRenewals } from './long-term-renewals';

@Controller()
export class LongTermHandler {
  constructor(private readonly renewals: LongTermRenewals) {}

  @EventPattern(Events.longTermRenewed)
  renewed(@Payload() event: LongTermRenewed) {
    return this.renewals.renewed(event);
  }

  @EventPattern(Events.longTermRenewalFailed)
  failed(@Payload() event: LongTermRenewalFailed) {
    return this.renewals.failed(event);
  }
}
