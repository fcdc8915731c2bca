/** Longest wait between two attempts, whatever the base and the attempt number. */
export const MAX_RETRY_DELAY_MS = 6 * 60 * 60 * 1000;

/** Exponential backoff: base, 2×base, 4×base … after attempts 1, 2, 3 …, capped. */
export function retryDelayMs(attemptsMade: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attemptsMade - 1), MAX_RETRY_DELAY_MS);
}

export type AttemptOutcome = { delivered: true } | { delivered: false; final: boolean; retryInMs?: number };

/** After an attempt: done, retried later, or given up once the attempts are spent. */
export function outcomeOf(succeeded: boolean, attemptsMade: number, maxAttempts: number, baseMs: number): AttemptOutcome {
  if (succeeded) {
    return { delivered: true };
  }
  if (attemptsMade >= maxAttempts) {
    return { delivered: false, final: true };
  }
  return { delivered: false, final: false, retryInMs: retryDelayMs(attemptsMade, baseMs) };
}
