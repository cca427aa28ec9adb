import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { measureHotQueries } from './http-queries';
import { benchSeconds } from './support/bench-data';
import { browseOperations, sampleBrowseTargets } from './support/hot-operations';

/**
 * `npm run bench -- browse`: the admin console's lists (Browse.graphql) on a
 * generated set (BROWSE_DATABASE, default data/scale.sqlite, built with
 * seed:scale), at one connection: the learner search by a full name, a
 * common name, a NIP prefix and an e-mail part, then the other lists.
 */
export async function bench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const path = process.env.BROWSE_DATABASE || 'data/scale.sqlite';
  if (!existsSync(path)) {
    log(`${path}: missing, skipped (build it with DATABASE_URL=${path} npm run seed:scale -- --learners 1000000)`);
    return {};
  }
  const { rows, databaseBytes } = await measureHotQueries(path, { connections: 1, seconds: benchSeconds() }, log, (db) => browseOperations(sampleBrowseTargets(db)));
  const figures: Record<string, number | string> = { databaseMiB: Math.round(databaseBytes / 2 ** 20), cpus: cpus().length, loadAverage: loadavg()[0].toFixed(1) };
  for (const r of rows) figures[`${r.name} p50/p99 ms, req/s, SQL/request, full scans`] = `${r.p50Ms} / ${r.p99Ms}, ${r.requestsPerSecond}, ${r.statements}, ${r.fullScans}`;
  return figures;
}
