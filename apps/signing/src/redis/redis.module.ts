import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { CONFIG, connectRedisClient, HEALTH_CHECKS, HealthChecks } from '@app/messaging';

export const REDIS = Symbol('inkan.redis');

/** The signing service's Redis connection (BullMQ's store), also reported by its health check. */
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
      useFactory: async (config: AppConfig, checks: HealthChecks) => {
        const redis = await connectRedisClient(config.REDIS_URL);
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
