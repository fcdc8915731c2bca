import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { completePasswordResetSchema, Patterns, requestPasswordResetSchema } from '@app/contracts';
import { PasswordResetsService } from './password-resets.service';

@Controller()
export class PasswordResetsHandler {
  constructor(private readonly resets: PasswordResetsService) {}

  @MessagePattern(Patterns.identity.requestPasswordReset)
  request(@Payload() input: z.output<typeof requestPasswordResetSchema>) {
    return this.resets.request(input.loginId);
  }

  @MessagePattern(Patterns.identity.completePasswordReset)
  complete(@Payload() input: z.output<typeof completePasswordResetSchema>) {
    return this.resets.complete(input);
  }
}
