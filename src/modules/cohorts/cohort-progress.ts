import { eq, sql } from 'drizzle-orm';
import { prepared, type Db } from '../../db/database';
import { inKeys } from '../../db/keyed';
import { cohorts, curricula, curriculumModules, enrollments, moduleCompletions } from '../../db/schema';

export interface ProgressRow {
  enrollmentId: number;
  learnerId: number;
  completedModules: number;
  totalModules: number;
  earnedJp: number;
  totalJp: number;
  percent: number;
}

/** Module progress of some enrolments (JSON list `keys`), in one grouped statement prepared once. */
const progressByKeys = prepared((db) =>
  db
    .select({
      enrollmentId: enrollments.id,
      learnerId: enrollments.learnerId,
      completedModules: sql<number>`count(${moduleCompletions.id})`,
      earnedJp: sql<number>`coalesce(sum(${curriculumModules.jp}), 0)`,
      totalJp: curricula.totalJp,
      totalModules: sql<number>`(select count(*) from ${curriculumModules} m where m.curriculum_id = ${curricula.id})`,
    })
    .from(enrollments)
    .innerJoin(cohorts, eq(cohorts.id, enrollments.cohortId))
    .innerJoin(curricula, eq(curricula.id, cohorts.curriculumId))
    .leftJoin(moduleCompletions, eq(moduleCompletions.enrollmentId, enrollments.id))
    .leftJoin(curriculumModules, eq(curriculumModules.id, moduleCompletions.moduleId))
    .where(inKeys(enrollments.id))
    // With the curriculum's key, its total_jp is grouped too (PostgreSQL asks for it).
    .groupBy(enrollments.id, curricula.id)
    .prepare(),
);

export async function progressOfEnrollments(db: Db, ids: readonly number[]): Promise<ProgressRow[]> {
  return (await progressByKeys(db).all({ keys: JSON.stringify(ids) })).map((r) => ({
    ...r,
    percent: r.totalModules === 0 ? 0 : Math.round((1000 * r.completedModules) / r.totalModules) / 10,
  }));
}
