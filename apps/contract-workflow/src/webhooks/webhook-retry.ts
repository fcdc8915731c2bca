import { retryDelayMs } from '@app/messaging';

/** Longest wait between two attempts, whatever the base and the attempt number. */
export const MAX_RETRY_DELAY_MS = 6 * 60 * 60 * 1000;

export type AttemptOutcome = { delivered: true } | { delivered: false; final: boolean; retryInMs?: number };

/** After an attempt: done, retried later, or given up once the attempts are spent. */
export function outcomeOf(succeeded: boolean, attemptsMade: number, maxAttempts: number, baseMs: number): AttemptOutcome {
  if (succeeded) {
    return { delivered: true };
  }
  if (attemptsMade >= maxAttempts) {
    return { delivered: false, final: true };
  }
  return { delivered: false, final: false, retryInMs: retryDelayMs(attemptsMade, { baseMs, maxMs: MAX_RETRY_DELAY_MS }) };
}
