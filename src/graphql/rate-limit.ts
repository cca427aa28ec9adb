/**
 * Cost spent per caller in the current minute (fixed one-minute windows).
 * In-process: one Bangkom node serves one SQLite database.
 */
export class CostRateLimiter {
  private windowStart = 0;
  private spent = new Map<string, number>();

  constructor(
    readonly costPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records `cost` for `key`; returns seconds to wait when over budget (then nothing is recorded). */
  take(key: string, cost: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now - (now % 60_000);
      this.spent.clear();
    }
    const used = this.spent.get(key) ?? 0;
    if (used + cost > this.costPerMinute) {
      return { allowed: false, retryAfterSeconds: Math.ceil((this.windowStart + 60_000 - now) / 1000) };
    }
    this.spent.set(key, used + cost);
    return { allowed: true };
  }
}
