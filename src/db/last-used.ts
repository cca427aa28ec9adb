import { LRUCache } from 'lru-cache';
import type { Database, Db } from './database';

/** At most one recorded use per key and minute: enough for "last used", and no write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;
/** Keys whose last recording is remembered; an evicted key is merely recorded once more. */
const REMEMBERED_KEYS = 100_000;
/** A batch is written after this delay, or at once when it holds this many keys. */
const FLUSH_DELAY_MS = 1_000;
const MAX_BATCH = 1_000;

/**
 * Records "last used" times off the request path: `touch` only notes the time
 * in memory; a bounded batch is written later through `db.write`, one
 * transaction for many uses. Losing the last second of notes in a crash
 * costs nothing but a slightly older `lastUsedAt`.
 */
export class LastUsedRecorder {
  private readonly recorded = new LRUCache<number, number>({ max: REMEMBERED_KEYS });
  private pending = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly write: (tx: Db, id: number, at: Date) => Promise<unknown>,
    private readonly now: () => number = Date.now,
  ) {}

  touch(id: number): void {
    const now = this.now();
    const last = this.recorded.get(id);
    if (last !== undefined && now - last < LAST_USED_RESOLUTION_MS) return;
    this.recorded.set(id, now);
    this.pending.set(id, now);
    if (this.pending.size >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_DELAY_MS).unref();
  }

  /** Writes what is pending; the app calls it before closing the database. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending];
    this.pending = new Map();
    if (batch.length) {
      this.flushing = this.flushing.then(() =>
        this.db
          .write(async (tx) => {
            for (const [id, at] of batch) await this.write(tx, id, new Date(at));
          })
          // Best effort: a failed batch (the database closing) loses only "last used" notes.
          .catch(() => undefined),
      );
    }
    return this.flushing;
  }
}
