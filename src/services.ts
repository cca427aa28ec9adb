import type { Config } from './config';
import type { Database } from './db/database';
import { AccessService } from './modules/access/access.service';
import { AuditService } from './modules/audit/audit.service';
import { CohortService } from './modules/cohorts/cohort.service';
import { EnrollmentService } from './modules/cohorts/enrollment.service';
import { CompetencyAssessmentService } from './modules/competencies/competency-assessment.service';
import { CompetencyService } from './modules/competencies/competency.service';
import { CurriculumSyncService } from './modules/curricula/curriculum-sync.service';
import { CurriculumService } from './modules/curricula/curriculum.service';
import { InstitutionService } from './modules/institutions/institution.service';
import { LearnerService } from './modules/learners/learner.service';
import { PositionService } from './modules/positions/position.service';

/** The composition root of the feature services; one set per process. */
export function createServices(db: Database, _config: Pick<Config, 'publicBaseUrl'>) {
  const institutions = new InstitutionService(db);
  const learners = new LearnerService(db, institutions);
  const competencies = new CompetencyService(db);
  const curricula = new CurriculumService(db);
  const cohorts = new CohortService(db, institutions, curricula);
  return {
    access: new AccessService(db, institutions),
    audit: new AuditService(db),
    institutions,
    learners,
    competencies,
    positions: new PositionService(db, competencies),
    competencyAssessments: new CompetencyAssessmentService(db, competencies),
    curricula,
    curriculumSync: new CurriculumSyncService(db, competencies),
    cohorts,
    enrollments: new EnrollmentService(db, cohorts),
  };
}

export type Services = ReturnType<typeof createServices>;
