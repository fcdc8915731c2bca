import type { Redis } from 'ioredis';
import { ComponentStatus, SigningWorkerHeartbeat, signingWorkerHeartbeatSchema, signingWorkerKeyPrefix } from '@app/contracts';

export interface SigningWorkersComponent extends ComponentStatus {
  /** Signing-worker processes whose heartbeat has not expired. */
  count?: number;
  workers?: Array<SigningWorkerHeartbeat & { lastSeenSeconds: number }>;
}

/**
 * The signing workers as their heartbeats in Redis tell it (apps/signing worker-heartbeat.ts).
 * None running is reported, not a failure: bulk-sign documents wait in the queue until one
 * starts (Kubernetes keeps at least one). Down only when Redis cannot be read.
 */
export async function signingWorkers(redis: Redis, redisPrefix: string): Promise<Partial<SigningWorkersComponent>> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${signingWorkerKeyPrefix(redisPrefix)}*`, 'COUNT', 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0' && keys.length < 10_000);
  const values = keys.length > 0 ? await redis.mget(...keys) : [];
  const now = Date.now();
  const workers = values
    .flatMap((value) => {
      const parsed = value === null ? undefined : signingWorkerHeartbeatSchema.safeParse(safeJson(value));
      return parsed?.success ? [parsed.data] : [];
    })
    .map((worker) => ({ ...worker, lastSeenSeconds: Math.max(0, Math.round((now - Date.parse(worker.beatAt)) / 1000)) }))
    .sort((a, b) => a.instance.localeCompare(b.instance));
  return { count: workers.length, workers };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
