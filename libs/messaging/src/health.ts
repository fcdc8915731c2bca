import { ComponentStatus } from '@app/contracts';

/** A named probe of one dependency; resolves when it is up, throws when not. */
export type HealthCheck = () => Promise<void>;

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
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
