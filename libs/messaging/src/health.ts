import { ComponentStatus } from '@app/contracts';
import { DatabaseHandle } from '@app/db';
import { outboxLag } from './outbox-lag';
import { OutboxTable } from './outbox.table';

/**
 * A named probe of one dependency; resolves when it is up, throws when not.
 * It may resolve with figures to report beside the status (and with status
 * "down" when those figures say so).
 */
export type HealthCheck = () => Promise<void | Partial<ComponentStatus>>;

/** Extra checks a service adds to its ping reply (e.g. Redis for signing). */
export class HealthChecks {
  private readonly checks = new Map<string, HealthCheck>();

  add(name: string, check: HealthCheck): this {
    this.checks.set(name, check);
    return this;
  }

  async run(timeoutMs: number): Promise<Record<string, ComponentStatus>> {
    const entries = await Promise.all([...this.checks].map(async ([name, check]) => [name, await probe(check, timeoutMs)] as const));
    return Object.fromEntries(entries);
  }
}

export async function probe(check: HealthCheck, timeoutMs: number): Promise<ComponentStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const reported = await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started), ...(reported ?? {}) };
  } catch (error) {
    return { status: 'down', error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A service's outbox as a health component: its unsent count and the age of
 * the oldest unsent event, "down" once that age passes the threshold — a
 * relay that stopped publishing must never look healthy.
 */
export async function outboxHealth(
  database: DatabaseHandle,
  outbox: OutboxTable,
  degradedSeconds: number,
): Promise<Partial<ComponentStatus>> {
  const lag = await outboxLag(database.db, outbox);
  if (lag.oldestUnsentSeconds >= degradedSeconds) {
    return {
      status: 'down',
      ...lag,
      error: `the oldest unsent event is ${lag.oldestUnsentSeconds} s old (limit ${degradedSeconds} s); ${lag.unsent} unsent`,
    };
  }
  return lag;
}
