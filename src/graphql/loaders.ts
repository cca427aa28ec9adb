import type { Database } from '../db/database';
import { createCompetencyAssessmentLoaders } from '../modules/competencies/competency-assessment.loaders';
import { createCohortLoaders } from '../modules/cohorts/cohort.loaders';
import { createCompetencyLoaders } from '../modules/competencies/competency.loaders';
import { createCurriculumLoaders } from '../modules/curricula/curriculum.loaders';
import { createCertificateLoaders } from '../modules/certificates/certificate.loaders';
import { createLearningHoursLoaders } from '../modules/learning-hours/learning-hours.loaders';
import type { Services } from '../services';
import { createInstitutionLoaders } from '../modules/institutions/institution.loaders';
import { createLearnerLoaders } from '../modules/learners/learner.loaders';
import { createPositionLoaders } from '../modules/positions/position.loaders';
import { createAttendanceLoaders } from '../modules/webinars/attendance.loaders';
import { createWebinarLoaders } from '../modules/webinars/webinar.loaders';

/** A fresh set per request: batching and caching never cross requests. */
export function createLoaders(db: Database, services: Services) {
  return {
    ...createCertificateLoaders(db, services.eligibility),
    ...createLearningHoursLoaders(services.learningHours),
    ...createInstitutionLoaders(db),
    ...createLearnerLoaders(db),
    ...createPositionLoaders(db),
    ...createCompetencyLoaders(db),
    ...createCompetencyAssessmentLoaders(db),
    ...createCurriculumLoaders(db),
    ...createCohortLoaders(db),
    ...createWebinarLoaders(db),
    ...createAttendanceLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
