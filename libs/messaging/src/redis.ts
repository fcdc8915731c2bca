import Redis from 'ioredis';

/**
 * A Redis connection for request paths and health checks: commands fail at
 * once while Redis is unreachable instead of queueing in memory, so callers
 * and /health see the truth; it reconnects by itself.
 */
export function createRedisClient(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    // After disconnect() ioredis waits this long for the socket to close before destroying it; when the socket was
    // already gone (Redis unreachable) nothing clears that timer, and its default 2 s kept stopped processes alive.
    disconnectTimeout: 200,
  });
  redis.on('error', () => undefined); // reported through the commands that fail
  return redis;
}

/**
 * `createRedisClient`, resolved once the first connection is ready (or after
 * `waitMs`, if Redis is away: then commands fail until it is back, as
 * intended). Without the wait a process could take requests before its
 * connection is up, and with no offline queue their first commands would
 * fail: the gateway answered 503 to the first login after a start.
 */
export async function connectRedisClient(url: string, waitMs = 5_000): Promise<Redis> {
  const redis = createRedisClient(url);
  let timer: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    redis.once('ready', resolve);
    timer = setTimeout(resolve, waitMs);
  });
  clearTimeout(timer);
  return redis;
}
