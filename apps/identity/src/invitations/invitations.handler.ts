import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { acceptInvitationSchema, createInvitationSchema, inspectInvitationSchema, Patterns } from '@app/contracts';
import { InvitationsService } from './invitations.service';

@Controller()
export class InvitationsHandler {
  constructor(private readonly invitations: InvitationsService) {}

  @MessagePattern(Patterns.identity.createInvitation)
  create(@Payload() input: z.output<typeof createInvitationSchema>) {
    return this.invitations.create(input);
  }

  @MessagePattern(Patterns.identity.inspectInvitation)
  inspect(@Payload() input: z.output<typeof inspectInvitationSchema>) {
    return this.invitations.inspect(input.token);
  }

  @MessagePattern(Patterns.identity.acceptInvitation)
  accept(@Payload() input: z.output<typeof acceptInvitationSchema>) {
    return this.invitations.accept(input);
  }
}
