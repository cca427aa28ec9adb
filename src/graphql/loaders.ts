import type { Database } from '../db/database';
import { createInstitutionLoaders } from '../modules/institutions/institution.loaders';
import { createLearnerLoaders } from '../modules/learners/learner.loaders';
import { createPositionLoaders } from '../modules/positions/position.loaders';
import { createAttendanceLoaders } from '../modules/webinars/attendance.loaders';
import { createWebinarLoaders } from '../modules/webinars/webinar.loaders';

/** A fresh set per request: batching and caching never cross requests. */
export function createLoaders(db: Database) {
  return {
    ...createInstitutionLoaders(db),
    ...createLearnerLoaders(db),
    ...createPositionLoaders(db),
    ...createWebinarLoaders(db),
    ...createAttendanceLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
