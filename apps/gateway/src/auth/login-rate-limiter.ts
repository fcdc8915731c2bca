import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { AppError } from '@app/contracts';
import { CONFIG } from '@app/messaging';
import { GATEWAY_REDIS } from '../health/health.tokens';

/**
 * Login attempts per client address per minute, counted in Redis so every
 * gateway instance shares the count. Complements the per-ID lockout, which an
 * attacker trying many IDs with one password would never trigger.
 */
@Injectable()
export class LoginRateLimiter {
  constructor(
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts one attempt; returns the seconds to wait when over the limit, else 0. */
  async hit(ip: string): Promise<number> {
    const minute = Math.floor(Date.now() / 60_000);
    const key = `${this.config.REDIS_PREFIX}:login-attempts:${ip}:${minute}`;
    let attempts: number;
    try {
      [[, attempts]] = (await this.redis.multi().incr(key).expire(key, 120).exec()) as [[Error | null, number], [Error | null, number]];
    } catch {
      // Without the shared count no limit can be enforced: refuse rather than let guesses through.
      throw AppError.of('SERVICE_UNAVAILABLE');
    }
    return attempts > this.config.LOGIN_RATE_LIMIT_PER_MINUTE ? 60 - (Math.floor(Date.now() / 1000) % 60) : 0;
  }
}
