import { statSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { statement } from '../../db/statement';
import { dataTables } from '../../db/tables';
import type { Services } from '../../composition/services';
import { seedCohorts, seedCompetencyAssessments, seedCurricula, seedFrameworkAndPositions } from './catalogue';
import { seedInstitutions, seedLearners } from './people';
import type { Log, ScalePlan } from './plan';
import { seedWebinars } from './webinars';

export interface ScaleSummary {
  seconds: number;
  rows: Record<string, number>;
}

/** Row counts of every table, largest first. */
export async function tableCounts(db: Database): Promise<Record<string, number>> {
  const counts: (readonly [string, number])[] = [];
  for (const { name } of await dataTables(db.read).all()) {
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
