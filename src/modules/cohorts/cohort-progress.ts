import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database';
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

/** Module progress of the enrolments `where` selects, in one grouped query. */
function progressWhere(db: Db, where: SQL): ProgressRow[] {
  const rows = db
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
    .where(where)
    .groupBy(enrollments.id)
    .all();
  return rows.map((r) => ({
    ...r,
    percent: r.totalModules === 0 ? 0 : Math.round((1000 * r.completedModules) / r.totalModules) / 10,
  }));
}

export const progressOfEnrollments = (db: Db, ids: readonly number[]) => progressWhere(db, inArray(enrollments.id, [...ids]));

/** Module-completion percent (0-100) of every enrolment of a cohort, by learner id: for certificate rules. */
export function cohortCompletionPercents(db: Db, cohortId: number): Map<number, number> {
  return new Map(progressWhere(db, eq(enrollments.cohortId, cohortId)).map((r) => [r.learnerId, r.percent]));
}
