import DataLoader from 'dataloader';
import { desc, inArray } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { cohorts, enrollments, type CohortRow, type EnrollmentRow } from '../../db/schema';
import { byKey, groupByKey } from '../../graphql/loader-utils';
import { progressOfEnrollments, type ProgressRow } from './cohort-progress';

export function createCohortLoaders(db: Database) {
  return {
    cohortById: new DataLoader<number, CohortRow | null>(async (ids) =>
      byKey(ids, db.read.select().from(cohorts).where(inArray(cohorts.id, [...ids])).all(), (r) => r.id),
    ),
    /** Newest first; a learner has a handful of enrolments, so the connection pages in memory. */
    enrollmentsByLearner: new DataLoader<number, EnrollmentRow[]>(async (ids) =>
      groupByKey(
        ids,
        db.read.select().from(enrollments).where(inArray(enrollments.learnerId, [...ids])).orderBy(desc(enrollments.id)).all(),
        (r) => r.learnerId,
      ),
    ),
    progressByEnrollment: new DataLoader<number, ProgressRow | null>(async (ids) =>
      byKey(ids, progressOfEnrollments(db.read, ids), (r) => r.enrollmentId),
    ),
  };
}
