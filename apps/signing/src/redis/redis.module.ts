import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { CONFIG, HEALTH_CHECKS, HealthChecks } from '@app/messaging';

export const REDIS = Symbol('inkan.redis');

/**
 * The signing service's Redis connection (BullMQ's store). Commands fail at
 * once while Redis is unreachable instead of queueing in memory, so health
 * reports the truth and callers see the error.
 */
@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [CONFIG, HEALTH_CHECKS],
      useFactory: (config: AppConfig, checks: HealthChecks) => {
        const redis = new Redis(config.REDIS_URL, {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 5_000,
          retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
        });
        redis.on('error', () => undefined); // reconnects by itself; health reports the state
        checks.add('redis', async () => {
          await redis.ping();
        });
        return redis;
      },
    },
    RedisLifecycle,
  ],
  exports: [REDIS],
})
export class RedisModule {}
