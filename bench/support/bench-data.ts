import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databasePath } from '../../src/db/engine';
import { openDatabase } from '../../src/db/database';
import { scalePlan } from '../../src/seed/scale/plan';
import { seedScale } from '../../src/seed/scale/seed-scale';
import { createServices } from '../../src/composition/services';

/** Learners in the generated set the HTTP benches use without `--scale`. */
export const SMALL_LEARNERS = 10_000;

/**
 * The database a bench runs on: with `--scale` the set `npm run seed:scale`
 * built (DATABASE_URL, default ./data/scale.sqlite); else a fresh small set
 * generated into a temp dir.
 */
export async function benchDatabase(log: (line: string) => void, learners = SMALL_LEARNERS): Promise<string> {
  if (process.argv.includes('--scale')) {
    const path = databasePath(process.env.DATABASE_URL || './data/scale.sqlite');
    if (!existsSync(path)) throw new Error(`${path} does not exist: run npm run seed:scale first`);
    return path;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bangkom-bench-http-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'small.sqlite');
  log(`generating ${learners.toLocaleString('en')} learners into ${path}`);
  const db = openDatabase(path);
  await seedScale(db, createServices(db, { publicBaseUrl: 'http://localhost', databasePath: path }), scalePlan(learners), () => {});
  db.close();
  return path;
}

/** Seconds of load per measurement (BENCH_SECONDS, default 10). */
export const benchSeconds = () => Number(process.env.BENCH_SECONDS || 10);
