import { MAX_RETRY_DELAY_MS, outcomeOf } from './webhook-retry';

describe('webhook retry policy', () => {
  it('doubles the wait after each failed attempt, up to a cap', () => {
    expect([1, 2, 3, 4].map((attempt) => outcomeOf(false, attempt, 50, 1_000))).toEqual(
      [1_000, 2_000, 4_000, 8_000].map((retryInMs) => ({ delivered: false, final: false, retryInMs })),
    );
    expect(outcomeOf(false, 40, 50, 60_000)).toMatchObject({ retryInMs: MAX_RETRY_DELAY_MS });
  });

  it('delivers on success, retries while attempts remain, then gives up', () => {
    expect(outcomeOf(true, 3, 3, 100)).toEqual({ delivered: true });
    expect(outcomeOf(false, 1, 3, 100)).toEqual({ delivered: false, final: false, retryInMs: 100 });
    expect(outcomeOf(false, 2, 3, 100)).toEqual({ delivered: false, final: false, retryInMs: 200 });
    expect(outcomeOf(false, 3, 3, 100)).toEqual({ delivered: false, final: true });
  });
});
