import { z } from 'zod';

/**
 * Each signing-worker process announces itself in Redis (a key per process, refreshed every
 * SIGNING_WORKER_HEARTBEAT_MS, expiring after SIGNING_WORKER_HEARTBEAT_TTL_MS), so the gateway's
 * /health can list the workers without a port or a queue of their own.
 */
export const SIGNING_WORKER_HEARTBEAT_MS = 5_000;
export const SIGNING_WORKER_HEARTBEAT_TTL_MS = 15_000;

export function signingWorkerKeyPrefix(redisPrefix: string): string {
  return `${redisPrefix}:signing-workers:`;
}

export const signingWorkerHeartbeatSchema = z.object({
  instance: z.string().min(1).max(300),
  /** running: takes jobs; draining: stopping, finishing the documents it has. */
  state: z.enum(['running', 'draining']),
  startedAt: z.iso.datetime(),
  beatAt: z.iso.datetime(),
  concurrency: z.number().int().positive(),
});
export type SigningWorkerHeartbeat = z.infer<typeof signingWorkerHeartbeatSchema>;
