import { LRUCache } from 'lru-cache';

/**
 * Values kept for a while per key, each loaded once however many callers ask
 * for it at the same moment: they all wait for the one load. A load that
 * fails is not kept (its callers get its error; the next one loads again).
 * At most `maxEntries` keys are held; beyond that the least recently used
 * goes. lru-cache's `fetch` does all of it; this names the one way it is used.
 */
export class ExpiringCache<K extends object | string | number, V extends object | string | number> {
  private readonly cache: LRUCache<K, V, () => Promise<V>>;

  constructor(options: { ttlMs: number; maxEntries: number; now?: () => number }) {
    this.cache = new LRUCache<K, V, () => Promise<V>>({
      max: options.maxEntries,
      ttl: options.ttlMs,
      // Read the clock on every look-up (lru-cache otherwise reuses it for a millisecond).
      ttlResolution: 0,
      ...(options.now ? { perf: { now: options.now } } : {}),
      fetchMethod: (_key, _stale, { context }) => context(),
    });
  }

  async get(key: K, load: () => Promise<V>): Promise<V> {
    // fetchMethod resolves with what `load` gave, never undefined.
    return (await this.cache.fetch(key, { context: load })) as V;
  }

  /** How many keys are held. */
  get size(): number {
    return this.cache.size;
  }
}
