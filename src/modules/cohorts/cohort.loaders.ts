import DataLoader from 'dataloader';
import type { Database } from '../../db/database';
import { selectByKeys } from '../../db/keyed';
import { cohorts, enrollments, type CohortRow, type EnrollmentRow } from '../../db/schema';
import { byKey, groupByKey } from '../../core/by-key';
import { progressOfEnrollments, type ProgressRow } from './cohort-progress';
import type { Viewer } from '../../auth/viewer';
import { pageLoader } from '../../db/page-loader';
import type { PageArgs } from '../../db/paginate';
import type { InstitutionRow } from '../../db/schema';
import type { CohortService } from './cohort.service';
import type { EnrollmentService } from './enrollment.service';

export function createCohortLoaders(db: Database) {
  return {
    cohortById: new DataLoader<number, CohortRow | null>(async (ids) =>
      byKey(ids, await selectByKeys(db.read, cohorts, cohorts.id, ids), (r) => r.id),
    ),
    /** Newest first; a learner has a handful of enrolments, so the connection pages in memory. */
    enrollmentsByLearner: new DataLoader<number, EnrollmentRow[]>(async (ids) =>
      groupByKey(
        ids,
        await selectByKeys(db.read, enrollments, enrollments.learnerId, ids, { column: enrollments.id, direction: 'desc' }),
        (r) => r.learnerId,
      ),
    ),
    progressByEnrollment: new DataLoader<number, ProgressRow | null>(async (ids) =>
      byKey(ids, await progressOfEnrollments(db.read, ids), (r) => r.enrollmentId),
    ),
  };
}

/** Nested cohort lists, batched across their parents, for this viewer. */
export function createCohortListLoaders(cohorts: CohortService, enrollments: EnrollmentService, viewer: Viewer) {
  return {
    cohortsOfInstitution: pageLoader<InstitutionRow, CohortRow>((parents, args) => cohorts.pagesOfInstitutions(viewer, parents, args)),
    enrollmentsOfCohort: pageLoader<CohortRow, EnrollmentRow, PageArgs & { status?: EnrollmentRow['status'] | null }>((parents, args) =>
      enrollments.pagesOfCohorts(viewer, parents, args),
    ),
  };
}
