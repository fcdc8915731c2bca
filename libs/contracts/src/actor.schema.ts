import { z } from 'zod';

export const Roles = ['operator', 'administrator', 'registrant', 'recipient', 'approver', 'signer'] as const;

/**
 * Who is acting, carried in the headers of every message so each handler
 * authorises on its own instead of trusting the caller.
 */
export const actorContextSchema = z.object({
  kind: z.enum(['user', 'operator', 'system', 'anonymous']),
  userId: z
    .string()
    .regex(/^U\d{6}$/)
    .optional(),
  companyId: z
    .string()
    .regex(/^C\d{6}$/)
    .optional(),
  roles: z.array(z.enum(Roles)).default([]),
  requestId: z.string().min(1).max(128),
});
export type ActorContext = z.infer<typeof actorContextSchema>;

export const ACTOR_HEADER = 'x-inkan-actor';

export function systemActor(requestId: string): ActorContext {
  return { kind: 'system', roles: [], requestId };
}
