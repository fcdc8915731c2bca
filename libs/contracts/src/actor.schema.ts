import { z } from 'zod';

export const Roles = ['operator', 'administrator', 'registrant', 'recipient', 'approver', 'signer'] as const;
export type Role = (typeof Roles)[number];

/** What an API token may be allowed to do; chosen by the administrator who creates it. */
export const API_TOKEN_SCOPES = ['users:read', 'users:write', 'mail-deliveries:read'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/**
 * Who is acting, carried in the headers of every message so each handler
 * authorises on its own instead of trusting the caller.
 * Users are `U` + 6 digits, platform operators `P` + 6 digits.
 */
export const actorContextSchema = z.object({
  kind: z.enum(['user', 'operator', 'api-token', 'system', 'anonymous']),
  userId: z
    .string()
    .regex(/^[UP]\d{6}$/)
    .optional(),
  companyId: z
    .string()
    .regex(/^C\d{6}$/)
    .optional(),
  roles: z.array(z.enum(Roles)).default([]),
  /** Only for kind `api-token`: the token's scopes and its ID (for the audit trail). */
  scopes: z.array(z.enum(API_TOKEN_SCOPES)).optional(),
  tokenId: z.uuid().optional(),
  /** The client's address as the gateway saw it, for the audit trail. */
  clientIp: z.string().max(64).optional(),
  requestId: z.string().min(1).max(128),
});
export type ActorContext = z.infer<typeof actorContextSchema>;

export const ACTOR_HEADER = 'x-inkan-actor';

export function systemActor(requestId: string): ActorContext {
  return { kind: 'system', roles: [], requestId };
}

export function anonymousActor(requestId: string): ActorContext {
  return { kind: 'anonymous', roles: [], requestId };
}
