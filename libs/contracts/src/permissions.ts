import { ActorContext, ApiTokenScope } from './actor.schema';
import { AppError } from './errors';

/**
 * What an actor may do, derived from the actor context alone so that every
 * handler in every service checks it itself. API tokens hold only the scopes
 * they were created with; they never manage tokens or invitations.
 */
export type Permission =
  | ApiTokenScope
  | 'invitations:write'
  | 'api-tokens:manage'
  | 'certificates:manage'
  | 'companies:read'
  | 'companies:write'
  | 'billing:read'
  | 'webhooks:manage'
  | 'notices:manage';

const ADMINISTRATOR: readonly Permission[] = [
  'users:read',
  'users:write',
  'mail-deliveries:read',
  'invitations:write',
  'api-tokens:manage',
  'certificates:manage',
  'billing:read',
  'webhooks:manage',
  'notices:manage',
];
/** The operator reads any company's billing (it invoices them), never their contracts; it writes the platform's notices. */
const OPERATOR: readonly Permission[] = ['companies:read', 'companies:write', 'billing:read', 'notices:manage'];

export function permissionsOf(actor: ActorContext): ReadonlySet<Permission> {
  switch (actor.kind) {
    case 'user':
      return new Set(actor.roles.includes('administrator') && actor.companyId ? ADMINISTRATOR : []);
    case 'operator':
      return new Set(OPERATOR);
    case 'api-token':
      return new Set(actor.companyId ? (actor.scopes ?? []) : []);
    case 'system':
    case 'anonymous':
      return new Set();
  }
}

/** Throws 401 for nobody, 403 for someone without the permission. Returns the company the actor acts for, if any. */
export function requirePermission(actor: ActorContext, permission: Permission): { companyId?: string } {
  if (actor.kind === 'anonymous') {
    throw AppError.of('UNAUTHENTICATED');
  }
  if (!permissionsOf(actor).has(permission)) {
    throw AppError.of('FORBIDDEN');
  }
  return actor.companyId ? { companyId: actor.companyId } : {};
}

/** For company-scoped permissions: the actor's own company, which every query must be limited to. */
export function requireCompanyPermission(actor: ActorContext, permission: Permission): string {
  const { companyId } = requirePermission(actor, permission);
  if (!companyId) {
    throw AppError.of('FORBIDDEN');
  }
  return companyId;
}

/** A person logged in for a company (not a token, not the operator): who acts in contracts and certificates. */
export function requireCompanyMember(actor: ActorContext): { userId: string; companyId: string } {
  if (actor.kind !== 'user' || !actor.userId || !actor.companyId) {
    throw AppError.of(actor.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  }
  return { userId: actor.userId, companyId: actor.companyId };
}
