/** Callers tracked in a window at most (about 100 bytes each); beyond that, new callers share one budget. */
const MAX_CALLERS = 100_000;
const OVERFLOW = '\u0000overflow';

export type CostTaken = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A per-caller budget of cost units a minute: this process's own, or one all server processes share. */
export interface CostLimiter {
  readonly costPerMinute: number;
  take(caller: string, cost: number): CostTaken | Promise<CostTaken>;
}

/**
 * Cost spent per caller in the current minute (fixed one-minute windows), in
 * this process. With several server processes, the primary keeps the one
 * instance and the workers ask it (src/composition/shared-limits.ts).
 */
export class CostRateLimiter implements CostLimiter {
  private windowStart = 0;
  private spent = new Map<string, number>();

  constructor(
    readonly costPerMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxCallers: number = MAX_CALLERS,
  ) {}

  /** Records `cost` for `caller`; returns seconds to wait when over budget (then nothing is recorded). */
  take(caller: string, cost: number): CostTaken {
    const now = this.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now - (now % 60_000);
      this.spent.clear();
    }
    const key = this.spent.has(caller) || this.spent.size < this.maxCallers ? caller : OVERFLOW;
    const used = this.spent.get(key) ?? 0;
    if (used + cost > this.costPerMinute) {
      return { allowed: false, retryAfterSeconds: Math.ceil((this.windowStart + 60_000 - now) / 1000) };
    }
    this.spent.set(key, used + cost);
    return { allowed: true };
  }
}
