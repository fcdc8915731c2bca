import { retryDelayMs } from '@app/messaging';
import { mailBackoff } from './retry-policy';

describe('mail retry backoff', () => {
  const config = { MAIL_RETRY_BASE_MS: 2_000, MAIL_RETRY_MAX_MS: 60_000 };

  it('doubles the wait after each failed attempt, from the base', () => {
    expect([1, 2, 3, 4, 5].map((attempts) => retryDelayMs(attempts, mailBackoff(config)))).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
  });

  it('never waits longer than the maximum', () => {
    expect(retryDelayMs(6, mailBackoff(config))).toBe(60_000);
    expect(retryDelayMs(40, mailBackoff(config))).toBe(60_000);
  });

  it('keeps the longest total wait the config allows under RabbitMQ’s 30-minute consumer timeout', () => {
    const worst = { MAIL_RETRY_BASE_MS: 60_000, MAIL_RETRY_MAX_MS: 120_000 };
    const attempts = 10; // MAIL_RETRY_ATTEMPTS at most
    const total = Array.from({ length: attempts - 1 }, (_, index) => retryDelayMs(index + 1, mailBackoff(worst))).reduce(
      (a, b) => a + b,
      0,
    );
    expect(total).toBeLessThan(30 * 60_000);
  });
});
