import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { changePasswordSchema, loginSchema, Patterns, sessionRefSchema, verifyPasswordSchema } from '@app/contracts';
import { LoginService } from './login.service';

@Controller()
export class SessionsHandler {
  constructor(private readonly login: LoginService) {}

  @MessagePattern(Patterns.identity.login)
  logIn(@Payload() input: z.output<typeof loginSchema>) {
    return this.login.login(input);
  }

  @MessagePattern(Patterns.identity.authenticateSession)
  authenticate(@Payload() input: z.output<typeof sessionRefSchema>) {
    return this.login.authenticate(input.sessionTokenHash);
  }

  @MessagePattern(Patterns.identity.endSession)
  end(@Payload() input: z.output<typeof sessionRefSchema>) {
    return this.login.end(input.sessionTokenHash);
  }

  @MessagePattern(Patterns.identity.changePassword)
  changePassword(@Payload() input: z.output<typeof changePasswordSchema>) {
    return this.login.changePassword(input);
  }

  /** Another service (signing) asks the acting user to prove its login password again. */
  @MessagePattern(Patterns.identity.verifyPassword)
  verifyPassword(@Payload() input: z.output<typeof verifyPasswordSchema>) {
    return this.login.verifyOwnPassword(input.userId, input.password);
  }
}
