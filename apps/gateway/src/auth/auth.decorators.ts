import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ActorContext } from '@app/contracts';

export const PUBLIC_ROUTE = 'inkan:public';
export const DURING_PASSWORD_CHANGE = 'inkan:during-password-change';
export const SESSION_ONLY = 'inkan:session-only';

/** Reachable without logging in (login, partner application, health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
/** Reachable by a session that must change its password first (the change itself, logout, who am I). */
export const AllowedDuringPasswordChange = () => SetMetadata(DURING_PASSWORD_CHANGE, true);
/** Only for a person logged in with a session, never for an API token. */
export const SessionOnly = () => SetMetadata(SESSION_ONLY, true);

export interface AuthenticatedRequest extends FastifyRequest {
  actor?: ActorContext;
  sessionToken?: string;
}

export const Actor = createParamDecorator((_data: unknown, context: ExecutionContext): ActorContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return request.actor ?? { kind: 'anonymous', roles: [], requestId: String(request.id) };
});
