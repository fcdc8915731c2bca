import { z } from 'zod';

export const componentStatusSchema = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number().nonnegative().optional(),
  error: z.string().optional(),
  /** The outbox component: events not yet confirmed by the broker, and the age of the oldest. */
  unsent: z.number().int().nonnegative().optional(),
  oldestUnsentSeconds: z.number().nonnegative().optional(),
});
export type ComponentStatus = z.infer<typeof componentStatusSchema>;

export const pingPayloadSchema = z.object({}).strict();
export const pingReplySchema = z.object({
  service: z.string(),
  status: z.enum(['up', 'down']),
  instance: z.string(),
  uptimeSeconds: z.number().nonnegative(),
  components: z.record(z.string(), componentStatusSchema),
});
export type PingReply = z.infer<typeof pingReplySchema>;
