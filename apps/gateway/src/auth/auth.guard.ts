import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest, DURING_PASSWORD_CHANGE, PUBLIC_ROUTE, SESSION_ONLY } from './auth.decorators';
import { Authenticator } from './authenticator';

/**
 * Every route: who is calling (see Authenticator). The actor it puts on the
 * request travels with every message; services still check company and role
 * themselves.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const flag = (key: string) => this.reflector.getAllAndOverride<boolean>(key, [context.getHandler(), context.getClass()]) === true;
    await this.authenticator.authenticate(request, {
      public: flag(PUBLIC_ROUTE),
      sessionOnly: flag(SESSION_ONLY),
      duringPasswordChange: flag(DURING_PASSWORD_CHANGE),
    });
    return true;
  }
}
