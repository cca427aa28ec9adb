/** A half-open span of time in epoch milliseconds, `start <= end`. */
export interface Interval {
  start: number;
  end: number;
}

/** The union of intervals as disjoint spans in time order; touching spans join. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Interval[] = [];
  for (const { start, end } of sorted) {
    const last = merged.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged;
}

/** Length of the union in milliseconds: rejoins and parallel devices count once. */
export function unionMs(intervals: readonly Interval[]): number {
  return mergeIntervals(intervals).reduce((sum, i) => sum + (i.end - i.start), 0);
}

/** Whole minutes, rounded up as Zoom rounds its durations. */
export const wholeMinutes = (ms: number) => Math.ceil(ms / 60_000);

export const unionMinutes = (intervals: readonly Interval[]) => wholeMinutes(unionMs(intervals));
