import { retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  it('doubles the wait after each failed attempt, from the base', () => {
    expect([0, 1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, { baseMs: 1_000, maxMs: 60_000 }))).toEqual([
      1_000, 1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('never waits longer than the maximum, however many attempts were made', () => {
    expect(retryDelayMs(7, { baseMs: 1_000, maxMs: 60_000 })).toBe(60_000);
    expect(retryDelayMs(2_000, { baseMs: 1_000, maxMs: 60_000 })).toBe(60_000);
  });
});
