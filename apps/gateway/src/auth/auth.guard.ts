import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '@app/config';
import { ActorContext, anonymousActor, AppError, Patterns } from '@app/contracts';
import { CONFIG, ServiceClient } from '@app/messaging';
import { AuthenticatedRequest, DURING_PASSWORD_CHANGE, PUBLIC_ROUTE, SESSION_ONLY } from './auth.decorators';
import { readCookie } from './cookies';
import { API_TOKEN_PREFIX, csrfTokenFor, sameSecret, sessionCookie, tokenHash } from './credentials';
import { gatewayError } from './gateway-errors';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Establishes who is calling: an API token (Authorization: Bearer) or a
 * session cookie, each checked by identity on every request. The actor it
 * puts on the request travels with every message; services still check
 * company and role themselves.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly cookieName: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly services: ServiceClient,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.cookieName = sessionCookie(config).name;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const flag = (key: string) => this.reflector.getAllAndOverride<boolean>(key, [context.getHandler(), context.getClass()]) === true;
    const requestId = String(request.id);
    if (flag(PUBLIC_ROUTE)) {
      request.actor = anonymousActor(requestId);
      return true;
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      if (flag(SESSION_ONLY)) {
        throw gatewayError('NOT_FOR_API_TOKENS');
      }
      request.actor = { ...(await this.apiTokenActor(bearer, requestId)), clientIp: request.ip };
      return true;
    }
    const sessionToken = readCookie(request.headers.cookie, this.cookieName);
    if (!sessionToken) {
      throw AppError.of('UNAUTHENTICATED');
    }
    const session = await this.services.send(
      Patterns.identity.authenticateSession,
      { sessionTokenHash: tokenHash(sessionToken) },
      { actor: anonymousActor(requestId) },
    );
    if (UNSAFE_METHODS.has(request.method)) {
      const given = request.headers['x-csrf-token'];
      if (typeof given !== 'string' || !sameSecret(given, csrfTokenFor(sessionToken))) {
        throw gatewayError('CSRF_REJECTED');
      }
    }
    if (session.mustChangePassword && !flag(DURING_PASSWORD_CHANGE)) {
      throw gatewayError('PASSWORD_CHANGE_REQUIRED');
    }
    request.sessionToken = sessionToken;
    request.actor = {
      kind: session.kind,
      userId: session.subjectId,
      ...(session.companyId ? { companyId: session.companyId } : {}),
      // Until the password is changed the actor holds no role: no service would act for it.
      roles: session.mustChangePassword ? [] : session.roles,
      clientIp: request.ip,
      requestId,
    };
    return true;
  }

  private async apiTokenActor(token: string, requestId: string): Promise<ActorContext> {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) {
      throw AppError.of('UNAUTHENTICATED');
    }
    const view = await this.services.send(
      Patterns.identity.authenticateApiToken,
      { tokenHash: tokenHash(token) },
      { actor: anonymousActor(requestId) },
    );
    return { kind: 'api-token', companyId: view.companyId, roles: [], scopes: view.scopes, tokenId: view.tokenId, requestId };
  }
}
