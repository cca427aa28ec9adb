import type { Database } from './db/database';
import { AccessService } from './modules/access/access.service';
import { AssessmentService } from './modules/assessments/assessment.service';
import { AuditService } from './modules/audit/audit.service';
import { CertificateRuleService } from './modules/certificates/certificate-rule.service';
import { CertificateService } from './modules/certificates/certificate.service';
import { EligibilityService } from './modules/certificates/eligibility.service';
import { SubjectService } from './modules/certificates/subject.service';
import { CredentialService, type CredentialConfig } from './modules/credentials/credential.service';
import { InstitutionService } from './modules/institutions/institution.service';
import { LearnerService } from './modules/learners/learner.service';
import { LearningHoursService } from './modules/learning-hours/learning-hours.service';

/** The composition root of the feature services; one set per process. */
export function createServices(db: Database, config: CredentialConfig) {
  const institutions = new InstitutionService(db);
  const learners = new LearnerService(db, institutions);
  const subjects = new SubjectService(db);
  const certificateRules = new CertificateRuleService(db, institutions);
  const eligibility = new EligibilityService(db, subjects, certificateRules);
  const credentials = new CredentialService(config);
  return {
    access: new AccessService(db, institutions),
    assessments: new AssessmentService(db, subjects),
    audit: new AuditService(db),
    certificateRules,
    certificates: new CertificateService(db, subjects, eligibility, learners, credentials),
    credentials,
    eligibility,
    institutions,
    learners,
    learningHours: new LearningHoursService(db),
    subjects,
  };
}

export type Services = ReturnType<typeof createServices>;
