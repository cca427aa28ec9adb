import { LRUCache } from 'lru-cache';
import type { Database } from './database';

export interface CacheBounds {
  /** Values kept at most. */
  capacity: number;
  /** Their approximate heap size (key and value) at most; a value larger than this is not kept. */
  maxBytes: number;
}

/**
 * Rough heap bytes of plain data on 64-bit V8 (two bytes a character, eight
 * a slot), each object counted once: enough to bound a cache, not to account for it.
 */
function approximateBytes(value: unknown): number {
  let bytes = 0;
  const seen = new Set<object>();
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') bytes += 16 + 2 * v.length;
    else if (typeof v !== 'object' || v === null) bytes += 8;
    else if (!seen.has(v)) {
      seen.add(v);
      const inner = Array.isArray(v) ? v : v instanceof Date ? [] : Object.values(v);
      bytes += 32 + 8 * inner.length;
      for (const item of inner) stack.push(item);
    }
  }
  return bytes;
}

/**
 * Values computed from the database and reused until the next committed
 * write anywhere (`Database.generation`), within `CacheBounds`, the least
 * recently used dropped first.
 */
export class UntilNextWrite<V> {
  private readonly entries: LRUCache<string, { value: V }>;
  private generation: number;

  constructor(
    private readonly db: Pick<Database, 'generation'>,
    { capacity, maxBytes }: CacheBounds,
  ) {
    this.generation = db.generation;
    this.entries = new LRUCache({ max: capacity, maxSize: maxBytes, sizeCalculation: (entry, key) => approximateBytes(key) + approximateBytes(entry.value) });
  }

  async get(key: string, compute: () => V | Promise<V>): Promise<V> {
    return (await this.getMany([key], (k) => k, async () => [await compute()]))[0];
  }

  /** Values for `keys` in order; the stale or missing ones are computed together, in one call. */
  async getMany<K>(keys: readonly K[], keyOf: (key: K) => string, compute: (missing: K[]) => V[] | Promise<V[]>): Promise<V[]> {
    this.dropIfStale();
    const generation = this.generation;
    const found = keys.map((key) => this.entries.get(keyOf(key)));
    const missing = keys.filter((_, i) => !found[i]);
    const computed = missing.length ? await compute(missing) : [];
    // A write that committed while computing may have made these values stale already: keep them only if none did.
    this.dropIfStale();
    if (this.generation === generation) missing.forEach((key, i) => this.entries.set(keyOf(key), { value: computed[i] }));
    let next = 0;
    return keys.map((_, i) => (found[i] ? found[i].value : computed[next++]));
  }

  private dropIfStale(): void {
    if (this.db.generation !== this.generation) {
      // Every value is stale after a write: drop them now rather than when pushed out.
      this.entries.clear();
      this.generation = this.db.generation;
    }
  }
}
