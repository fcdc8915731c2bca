import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiSecurity } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ActorContext } from '@app/contracts';
import { PUBLIC_OPERATION, SESSION_ONLY_SCHEME } from '../openapi/openapi-document';

export const PUBLIC_ROUTE = 'inkan:public';
export const DURING_PASSWORD_CHANGE = 'inkan:during-password-change';
export const SESSION_ONLY = 'inkan:session-only';

/** Reachable without logging in (login, partner application, health). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(PUBLIC_OPERATION, true));
/** Reachable by a session that must change its password first (the change itself, logout, who am I). */
export const AllowedDuringPasswordChange = () => SetMetadata(DURING_PASSWORD_CHANGE, true);
/** Only for a person logged in with a session, never for an API token. */
export const SessionOnly = () => applyDecorators(SetMetadata(SESSION_ONLY, true), ApiSecurity(SESSION_ONLY_SCHEME));

export interface AuthenticatedRequest extends FastifyRequest {
  actor?: ActorContext;
  sessionToken?: string;
}

export const Actor = createParamDecorator((_data: unknown, context: ExecutionContext): ActorContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return request.actor ?? { kind: 'anonymous', roles: [], requestId: String(request.id) };
});
