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
  });
  redis.on('error', () => undefined); // reported through the commands that fail
  return redis;
}
