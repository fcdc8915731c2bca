import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { ActorContext, anonymousActor, AppError, Patterns } from '@app/contracts';
import { CONFIG, ServiceClient } from '@app/messaging';
import { AuthenticatedRequest } from './auth.decorators';
import { readCookie } from './cookies';
import { API_TOKEN_PREFIX, csrfTokenFor, sameSecret, sessionCookie, tokenHash } from './credentials';
import { gatewayError } from './gateway-errors';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RouteAccess {
  /** Reachable without logging in. */
  public: boolean;
  /** Never for an API token. */
  sessionOnly: boolean;
  /** Reachable by a session that must change its password first. */
  duringPasswordChange: boolean;
}

export const DEFAULT_ACCESS: RouteAccess = { public: false, sessionOnly: false, duringPasswordChange: false };

/**
 * Establishes who is calling: an API token (Authorization: Bearer) or a
 * session cookie (with its CSRF token on changes), each checked by identity
 * on every request. Used by the guard, and by the edge before the body of a
 * PDF route is read, so an anonymous caller's upload is never buffered.
 */
@Injectable()
export class Authenticator {
  private readonly cookieName: string;

  constructor(
    private readonly services: ServiceClient,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.cookieName = sessionCookie(config).name;
  }

  /** Puts the actor on the request (once: the edge may have done it already), or throws 401/403. */
  async authenticate(request: AuthenticatedRequest, access: RouteAccess): Promise<void> {
    if (request.actor) {
      return;
    }
    const requestId = String(request.id);
    if (access.public) {
      request.actor = anonymousActor(requestId);
      return;
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      if (access.sessionOnly) {
        throw gatewayError('NOT_FOR_API_TOKENS');
      }
      request.actor = { ...(await this.apiTokenActor(bearer, requestId)), clientIp: request.ip };
      return;
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
    if (session.mustChangePassword && !access.duringPasswordChange) {
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
