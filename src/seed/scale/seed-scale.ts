import { statSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { statement } from '../../db/statement';
import type { Services } from '../../composition/services';
import { seedCohorts, seedCompetencyAssessments, seedCurricula, seedFrameworkAndPositions } from './catalogue';
import { seedInstitutions, seedLearners } from './people';
import type { Log, ScalePlan } from './plan';
import { seedWebinars } from './webinars';

export interface ScaleSummary {
  seconds: number;
  rows: Record<string, number>;
}

const tableNames = statement<[], { name: string }>((dialect) =>
  dialect === 'sqlite'
    ? `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name`
    : `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE '__drizzle%' ORDER BY table_name COLLATE "C"`,
);

/** Row counts of every table, largest first. */
export async function tableCounts(db: Database): Promise<Record<string, number>> {
  const counts: (readonly [string, number])[] = [];
  for (const { name } of await tableNames(db.read).all()) {
    const row = await statement<[], { n: number }>(`SELECT count(*) AS n FROM "${name}"`)(db.read).get();
    counts.push([name, Number(row?.n)]);
  }
  return Object.fromEntries(counts.sort((a, b) => b[1] - a[1]));
}

/** Database file plus its WAL, in bytes. */
export function databaseBytes(path: string): number {
  const size = (p: string) => {
    try {
      return statSync(p).size;
    } catch {
      return 0;
    }
  };
  return size(path) + size(`${path}-wal`);
}

/**
 * Builds a national-scale data set on an empty database through the services'
 * batch paths (the same validation, audit rows and transactions clients get).
 */
export async function seedScale(db: Database, services: Services, plan: ScalePlan, log: Log): Promise<ScaleSummary> {
  const started = Date.now();
  const step = async <T>(name: string, run: () => Promise<T>) => {
    const t = Date.now();
    const value = await run();
    log(`${name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return value;
  };
  await step('framework and positions', () => seedFrameworkAndPositions(services, log));
  const institutions = await step('institutions', () => seedInstitutions(services, plan, log));
  await step('learners', () => seedLearners(services, plan, institutions, log));
  await step('curricula', () => seedCurricula(services, plan, log));
  await step('competency assessments', () => seedCompetencyAssessments(services, plan, log));
  await step('cohorts', () => seedCohorts(services, plan, log));
  await step('webinars', () => seedWebinars(services, plan, log));
  await db.write(async (tx) => await tx.run(sql`ANALYZE`));
  return { seconds: (Date.now() - started) / 1000, rows: await tableCounts(db) };
}
