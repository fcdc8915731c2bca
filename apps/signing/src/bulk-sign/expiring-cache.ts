/**
 * Values kept for a while per key, each loaded once however many callers ask
 * for it at the same moment: they all wait for the one load. A load that
 * fails is not kept (its callers get its error; the next one loads again).
 * At most `maxEntries` keys are held; beyond that the oldest goes.
 */
export class ExpiringCache<K, V> {
  private readonly entries = new Map<K, { value: Promise<V>; until: number }>();

  constructor(private readonly options: { ttlMs: number; maxEntries: number; now?: () => number }) {}

  get(key: K, load: () => Promise<V>): Promise<V> {
    const now = this.now();
    const cached = this.entries.get(key);
    if (cached && cached.until > now) {
      return cached.value;
    }
    this.entries.delete(key);
    if (this.entries.size >= this.options.maxEntries) {
      // A Map iterates in insertion order: the first key is the oldest.
      this.entries.delete(this.entries.keys().next().value as K);
    }
    const value = load();
    const entry = { value, until: now + this.options.ttlMs };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) {
        this.entries.delete(key);
      }
    });
    return value;
  }

  /** How many keys are held (expired ones included until asked for again). */
  get size(): number {
    return this.entries.size;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
