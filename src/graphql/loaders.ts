import type { Database } from '../db/database';
import { createCertificateLoaders } from '../modules/certificates/certificate.loaders';
import { createLearningHoursLoaders } from '../modules/learning-hours/learning-hours.loaders';
import type { Services } from '../services';
import { createInstitutionLoaders } from '../modules/institutions/institution.loaders';
import { createLearnerLoaders } from '../modules/learners/learner.loaders';
import { createPositionLoaders } from '../modules/positions/position.loaders';

/** A fresh set per request: batching and caching never cross requests. */
export function createLoaders(db: Database, services: Services) {
  return {
    ...createCertificateLoaders(db),
    ...createLearningHoursLoaders(services.learningHours),
    ...createInstitutionLoaders(db),
    ...createLearnerLoaders(db),
    ...createPositionLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
