import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { AppError, errorFactory } from '@app/contracts';
import { CONFIG } from '@app/messaging';
import { GATEWAY_REDIS } from '../health/health.tokens';

export const PasswordResetErrors = {
  TOO_MANY_PASSWORD_RESET_REQUESTS: {
    status: 429,
    ja: 'パスワード再設定の申し込みが多すぎます。しばらく待ってから再度お試しください。',
    en: 'Too many password reset requests. Please wait and try again later.',
  },
} as const;
export const passwordResetError = errorFactory(PasswordResetErrors);

/**
 * Reset requests per login ID and per client address per hour, counted in
 * Redis (shared by every gateway). The ID's count runs whether or not the ID
 * exists, so a 429 tells nothing about it; it keeps one mailbox from being
 * flooded, the address's count keeps one client from probing many IDs.
 */
@Injectable()
export class PasswordResetLimiter {
  constructor(
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Counts one request for `loginId` (none when the new password is being set) from `ip`; returns
   * the seconds to wait when a count is over its limit, else 0.
   */
  async hit(loginId: string | undefined, ip: string): Promise<number> {
    const hour = Math.floor(Date.now() / 3_600_000);
    const prefix = `${this.config.REDIS_PREFIX}:password-reset`;
    const keys = [`${prefix}:ip:${ip}:${hour}`, ...(loginId === undefined ? [] : [`${prefix}:id:${loginId.trim().toUpperCase()}:${hour}`])];
    const batch = this.redis.multi();
    keys.forEach((key) => batch.incr(key).expire(key, 7_200));
    let replies: Array<[Error | null, unknown]>;
    try {
      replies = (await batch.exec()) ?? [];
    } catch {
      // Without the shared count no limit can be enforced: refuse rather than mail without bound.
      throw AppError.of('SERVICE_UNAVAILABLE');
    }
    const forIp = Number(replies[0]?.[1]);
    const forId = loginId === undefined ? 0 : Number(replies[2]?.[1]);
    const over = forIp > this.config.PASSWORD_RESET_PER_ADDRESS_PER_HOUR || forId > this.config.PASSWORD_RESET_PER_ID_PER_HOUR;
    return over ? 3_600 - (Math.floor(Date.now() / 1000) % 3_600) : 0;
  }
}
