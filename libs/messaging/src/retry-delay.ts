/** An exponential backoff: the first wait, and the longest. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/**
 * The wait before the next attempt: base, 2×base, 4×base … after attempts 1,
 * 2, 3 …, never longer than the maximum. Mail delivery and webhook delivery
 * retry with it, each with its own settings.
 */
export function retryDelayMs(attemptsMade: number, backoff: Backoff): number {
  return Math.min(backoff.baseMs * 2 ** Math.max(0, attemptsMade - 1), backoff.maxMs);
}
