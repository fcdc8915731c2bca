import { ExpiringCache } from './expiring-cache';

/** A load that resolves when told to, counting its calls. */
function deferredLoads<V>() {
  const pending: { resolve: (value: V) => void; reject: (error: Error) => void }[] = [];
  const load = jest.fn(() => new Promise<V>((resolve, reject) => pending.push({ resolve, reject })));
  return { load, pending };
}

describe('ExpiringCache', () => {
  it('loads a key once for every caller that asks while it loads, and keeps it until it expires', async () => {
    let now = 1_000;
    const cache = new ExpiringCache<string, string>({ ttlMs: 5_000, maxEntries: 10, now: () => now });
    const { load, pending } = deferredLoads<string>();

    const callers = Array.from({ length: 64 }, () => cache.get('session-1', load));
    expect(load).toHaveBeenCalledTimes(1);
    pending[0].resolve('certificate');
    expect(await Promise.all(callers)).toEqual(Array(64).fill('certificate'));

    now += 5_000; // kept for ttlMs, gone after it
    expect(await cache.get('session-1', load)).toBe('certificate');
    expect(load).toHaveBeenCalledTimes(1);

    now += 1;
    const again = cache.get('session-1', load);
    expect(load).toHaveBeenCalledTimes(2);
    pending[1].resolve('checked again');
    expect(await again).toBe('checked again');
  });

  it('keeps each key apart', async () => {
    const cache = new ExpiringCache<string, string>({ ttlMs: 5_000, maxEntries: 10 });
    const a = await cache.get('a', async () => 'A');
    const b = await cache.get('b', async () => 'B');
    expect([a, b]).toEqual(['A', 'B']);
    expect(cache.size).toBe(2);
  });

  it('gives a failed load to all its waiting callers and does not keep it: the next caller loads again', async () => {
    const cache = new ExpiringCache<string, string>({ ttlMs: 5_000, maxEntries: 10 });
    const { load, pending } = deferredLoads<string>();
    const first = cache.get('session-1', load);
    const second = cache.get('session-1', load);
    pending[0].reject(new Error('certificate revoked'));
    await expect(first).rejects.toThrow('certificate revoked');
    await expect(second).rejects.toThrow('certificate revoked');
    expect(cache.size).toBe(0);

    const third = cache.get('session-1', load);
    expect(load).toHaveBeenCalledTimes(2);
    pending[1].resolve('valid again');
    expect(await third).toBe('valid again');
  });

  it('holds at most maxEntries keys, letting the oldest go first', async () => {
    const cache = new ExpiringCache<number, number>({ ttlMs: 60_000, maxEntries: 3 });
    const load = jest.fn(async () => 0);
    for (const key of [1, 2, 3, 4]) {
      await cache.get(key, load);
    }
    expect(cache.size).toBe(3);
    await cache.get(2, load);
    await cache.get(3, load);
    await cache.get(4, load);
    expect(load).toHaveBeenCalledTimes(4);
    await cache.get(1, load);
    expect(load).toHaveBeenCalledTimes(5);
  });
});
