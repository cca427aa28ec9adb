import type { Database } from '../db/database';
import { createAssessmentLoaders } from '../modules/assessments/assessment.loaders';
import { createCertificateListLoaders, createCertificateLoaders } from '../modules/certificates/certificate.loaders';
import { createCohortListLoaders, createCohortLoaders } from '../modules/cohorts/cohort.loaders';
import { createCompetencyAssessmentLoaders, createCompetencyHistoryLoaders } from '../modules/competencies/competency-assessment.loaders';
import { createCompetencyLoaders } from '../modules/competencies/competency.loaders';
import { createCurriculumLoaders } from '../modules/curricula/curriculum.loaders';
import { createInstitutionListLoaders, createInstitutionLoaders } from '../modules/institutions/institution.loaders';
import { createLearnerLoaders } from '../modules/learners/learner.loaders';
import { createLearningHoursLoaders } from '../modules/learning-hours/learning-hours.loaders';
import { createPositionLoaders } from '../modules/positions/position.loaders';
import { createAttendanceLoaders } from '../modules/webinars/attendance.loaders';
import { createWebinarLoaders } from '../modules/webinars/webinar.loaders';
import { createTkpkLoaders } from '../modules/tkpk/tkpk.loaders';
import { createWebhookLoaders } from '../modules/webhooks/webhook.loaders';
import type { Services } from './services';
import type { Viewer } from '../auth/viewer';

type Group = (db: Database, services: Services, viewer: Viewer) => object;

const GROUPS = [
  (db, services) => createCertificateLoaders(db, services.eligibility),
  (_db, services, viewer) => createLearningHoursLoaders(services.learningHours, viewer),
  createInstitutionLoaders,
  (db, services, viewer) => createLearnerLoaders(db, services.learners, viewer),
  createPositionLoaders,
  createCompetencyLoaders,
  createCompetencyAssessmentLoaders,
  (db, services) => createCurriculumLoaders(db, services.curricula),
  createCohortLoaders,
  (db, services) => createWebinarLoaders(db, services.webinars),
  (db, _services, viewer) => createAttendanceLoaders(db, viewer),
  createTkpkLoaders,
  (_db, services, viewer) => createAssessmentLoaders(services.assessments, viewer),
  (_db, services, viewer) => createCertificateListLoaders(services.certificates, services.certificateRules, viewer),
  (_db, services, viewer) => createCohortListLoaders(services.cohorts, services.enrollments, viewer),
  (_db, services) => createCompetencyHistoryLoaders(services.competencyAssessments),
  (_db, services) => createInstitutionListLoaders(services.institutions),
  (db, services, viewer) => createWebhookLoaders(db, services.webhooks, viewer),
] as const satisfies readonly Group[];

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
export type Loaders = UnionToIntersection<ReturnType<(typeof GROUPS)[number]>>;

const DEPS = Symbol('loader dependencies');

/**
 * A request touches a few of the ~30 loaders, and building them all cost a
 * learner query about 4 % of its time. Each loader name is a getter on the
 * prototype that builds its module's group on first use, for this request only.
 */
class LazyLoaders {
  declare [DEPS]: [Database, Services, Viewer];
}

let shaped = false;
function shapePrototype(db: Database, services: Services, viewer: Viewer): void {
  if (shaped) return;
  for (const group of GROUPS as readonly Group[]) {
    for (const name of Object.keys(group(db, services, viewer))) {
      Object.defineProperty(LazyLoaders.prototype, name, {
        get(this: LazyLoaders) {
          const built = group(...this[DEPS]) as Record<string, unknown>;
          for (const [key, loader] of Object.entries(built)) Object.defineProperty(this, key, { value: loader, enumerable: true });
          return built[name];
        },
      });
    }
  }
  shaped = true;
}

/** A fresh set per request, for its viewer: batching, caching and access never cross requests. */
export function createLoaders(db: Database, services: Services, viewer: Viewer): Loaders {
  shapePrototype(db, services, viewer);
  const loaders = new LazyLoaders();
  loaders[DEPS] = [db, services, viewer];
  return loaders as unknown as Loaders;
}
