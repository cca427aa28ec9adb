import type { Bench } from './run';

/** Benchmarks by name, in the order `npm run bench` runs them. */
export const BENCHES: Record<string, Bench> = {};
