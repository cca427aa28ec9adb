import type { CohortRow } from '../../db/schema';

export const COHORT_STATUSES = ['PLANNED', 'RUNNING', 'FINISHED', 'CANCELLED'] as const;
export type CohortStatusName = (typeof COHORT_STATUSES)[number];

/** A cohort's status on `today` (`YYYY-MM-DD`, WIB): from its dates, unless it was cancelled. */
export function cohortStatus(cohort: Pick<CohortRow, 'startDate' | 'endDate' | 'cancelledAt'>, today: string): CohortStatusName {
  if (cohort.cancelledAt) return 'CANCELLED';
  if (today < cohort.startDate) return 'PLANNED';
  if (cohort.endDate !== null && today > cohort.endDate) return 'FINISHED';
  return 'RUNNING';
}
