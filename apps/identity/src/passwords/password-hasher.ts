import { availableParallelism } from 'node:os';
import argon2 from 'argon2';

/**
 * argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes, 1 lane):
 * slow enough to make guessing stolen hashes expensive, fast enough for a
 * login burst on two cores. The parameters travel inside each hash, so they
 * can be raised later and old hashes still verify (and can be re-hashed).
 */
export const PASSWORD_HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * At most this many hashes at once, leaving a core to the event loops: with
 * libuv's four threads all hashing on a two-core machine, a login flood
 * starved every process on it (identity's own pings and the other apps'
 * health answers timed out, and /health said 503). The flood then waits in
 * this queue instead, which costs it nothing it could have had.
 */
const MAX_CONCURRENT_HASHES = Math.max(1, availableParallelism() - 1);
let hashing = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (hashing >= MAX_CONCURRENT_HASHES) {
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  hashing += 1;
  try {
    return await work();
  } finally {
    hashing -= 1;
    waiting.shift()?.();
  }
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => argon2.hash(password, PASSWORD_HASH_OPTIONS));
}

/** False for a wrong password and for a hash that is not an argon2 hash: never throws on bad input. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await limited(() => argon2.verify(hash, password));
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with weaker parameters than today's. */
export function needsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, PASSWORD_HASH_OPTIONS);
}
