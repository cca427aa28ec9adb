import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { measureHotQueries } from './http-queries';
import { benchSeconds } from './support/bench-data';

/**
 * `npm run bench -- growth`: the hot queries on generated sets of growing size
 * (GROWTH_DATABASES, comma-separated, built with seed:scale at 10k, 100k, 1M
 * learners), at one connection: latency without queueing (httpQueries gives 50).
 */
export async function bench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const paths = (process.env.GROWTH_DATABASES || 'data/scale-10k.sqlite,data/scale-100k.sqlite,data/scale.sqlite').split(',');
  const figures: Record<string, number | string> = { loadAverageAtStart: loadavg()[0].toFixed(1) };
  for (const path of paths) {
    if (!existsSync(path)) {
      log(`${path}: missing, skipped (build it with DATABASE_URL=${path} npm run seed:scale -- --learners N)`);
      continue;
    }
    log(path);
    const { rows, databaseBytes } = await measureHotQueries(path, { connections: 1, seconds: benchSeconds() }, log);
    figures[`${path} MiB`] = Math.round(databaseBytes / 2 ** 20);
    for (const r of rows) figures[`${path} ${r.name} p50/p99 ms, req/s`] = `${r.p50Ms} / ${r.p99Ms}, ${r.requestsPerSecond}`;
  }
  return figures;
}
