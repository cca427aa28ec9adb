import type { Database } from './database';

/**
 * Values computed from the database and reused until the next committed
 * write anywhere (`Database.generation`), at most `capacity` of them, the
 * least recently used dropped first.
 */
export class UntilNextWrite<V> {
  private readonly entries = new Map<string, { generation: number; value: V }>();

  constructor(
    private readonly db: Pick<Database, 'generation'>,
    private readonly capacity: number,
  ) {}

  get(key: string, compute: () => V): V {
    return this.getMany([key], (k) => k, () => [compute()])[0];
  }

  /** Values for `keys` in order; the stale or missing ones are computed together, in one call. */
  getMany<K>(keys: readonly K[], keyOf: (key: K) => string, compute: (missing: K[]) => V[]): V[] {
    const generation = this.db.generation;
    const found = keys.map((key) => {
      const entry = this.entries.get(keyOf(key));
      return entry && entry.generation === generation ? entry : undefined;
    });
    const missing = keys.filter((_, i) => !found[i]);
    const computed = missing.length ? compute(missing) : [];
    missing.forEach((key, i) => this.remember(keyOf(key), generation, computed[i]));
    let next = 0;
    return keys.map((key, i) => {
      if (!found[i]) return computed[next++];
      this.remember(keyOf(key), generation, found[i].value);
      return found[i].value;
    });
  }

  private remember(key: string, generation: number, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { generation, value });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
