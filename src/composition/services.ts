import type { Config } from '../config';
import type { Database } from '../db/database';
import { inProcessPool, type ReadPool } from '../db/read-pool';
import { AccessService } from '../modules/access/access.service';
import { AssessmentService } from '../modules/assessments/assessment.service';
import { AuditService } from '../modules/audit/audit.service';
import { CohortService } from '../modules/cohorts/cohort.service';
import { EnrollmentService } from '../modules/cohorts/enrollment.service';
import { CompetencyAssessmentService } from '../modules/competencies/competency-assessment.service';
import { CompetencyService } from '../modules/competencies/competency.service';
import { CurriculumSyncService } from '../modules/curricula/curriculum-sync.service';
import { CurriculumService } from '../modules/curricula/curriculum.service';
import { EventService } from '../modules/events/events.service';
import { ExportService } from '../modules/files/export.service';
import { FileImportService } from '../modules/files/file-import.service';
import { InstitutionService } from '../modules/institutions/institution.service';
import { IdentityProviderService } from '../modules/identity/identity-provider.service';
import { SignInService } from '../modules/identity/sign-in.service';
import { LearnerService } from '../modules/learners/learner.service';
import { PositionService } from '../modules/positions/position.service';
import { CertificateRuleService } from '../modules/certificates/certificate-rule.service';
import { CertificateService } from '../modules/certificates/certificate.service';
import { EligibilityService } from '../modules/certificates/eligibility.service';
import { SubjectService } from '../modules/certificates/subject.service';
import { SignatoryService } from '../modules/certificates/signatory.service';
import { CredentialService, type CredentialConfig } from '../modules/credentials/credential.service';
import { LearningHoursService } from '../modules/learning-hours/learning-hours.service';
import { AttendanceImportService } from '../modules/webinars/attendance-import.service';
import { AttendanceService } from '../modules/webinars/attendance.service';
import { WebinarService } from '../modules/webinars/webinar.service';
import { RegistrationService } from '../modules/webinars/registration.service';
import { TkpkReportService } from '../modules/tkpk/tkpk-report.service';
import { loadWebhookKey } from '../modules/webhooks/secret-box';
import { WebhookService } from '../modules/webhooks/webhook.service';

export interface ServiceOptions {
  /** The clock for token expiry and key refetching; tests move it. */
  now?: () => number;
  /** Where heavy reads and parsing run (`createAppReadPool`); default: in process, on these services. */
  readPool?: ReadPool;
}

/** The composition root of the feature services; one set per process. */
export function createServices(db: Database, config: CredentialConfig & Partial<Pick<Config, 'OIDC_ALLOW_HTTP_ISSUERS' | 'WEBHOOK_SECRET_KEY' | 'WEBHOOK_ALLOW_PRIVATE_NETWORKS'>>, options: ServiceOptions = {}) {
  let built: unknown; // the in-process pool runs tasks on the services built below
  const readPool = options.readPool ?? inProcessPool(() => built);
  const institutions = new InstitutionService(db);
  const learners = new LearnerService(db, institutions, readPool);
  const competencies = new CompetencyService(db);
  const curricula = new CurriculumService(db);
  const cohorts = new CohortService(db, institutions, curricula);
  const subjects = new SubjectService(db);
  const certificateRules = new CertificateRuleService(db, institutions);
  const eligibility = new EligibilityService(db, subjects, certificateRules, readPool);
  const credentials = new CredentialService(config);
  const webinars = new WebinarService(db, institutions);
  const assessments = new AssessmentService(db, subjects);
  const attendanceImports = new AttendanceImportService(db, webinars, readPool);
  const learningHours = new LearningHoursService(db, readPool);
  const allowHttpIssuers = config.OIDC_ALLOW_HTTP_ISSUERS ?? false;
  const now = options.now ?? Date.now;
  const identityProviders = new IdentityProviderService(db, institutions, { allowHttpIssuers, now });
  const webhookKey = loadWebhookKey({ key: config.WEBHOOK_SECRET_KEY, databasePath: config.databasePath });
  const services = {
    readPool,
    access: new AccessService(db, institutions, now),
    assessments,
    audit: new AuditService(db),
    certificateRules,
    certificates: new CertificateService(db, subjects, eligibility, learners, credentials, institutions),
    credentials,
    eligibility,
    identityProviders,
    signIn: new SignInService(db, identityProviders, learners, { allowHttpIssuers, now }),
    institutions,
    learners,
    competencies,
    positions: new PositionService(db, competencies),
    competencyAssessments: new CompetencyAssessmentService(db, competencies),
    curricula,
    events: new EventService(db, institutions),
    webhooks: new WebhookService(db, institutions, webhookKey, { allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? false, now }),
    curriculumSync: new CurriculumSyncService(db, competencies),
    cohorts,
    enrollments: new EnrollmentService(db, cohorts),
    learningHours,
    exports: new ExportService(db, webinars, eligibility, institutions, learningHours, readPool),
    subjects,
    webinars,
    attendance: new AttendanceService(db, webinars, learners),
    attendanceImports,
    files: new FileImportService(institutions, learners, assessments, attendanceImports, readPool),
    registrations: new RegistrationService(db, webinars),
    tkpkReports: new TkpkReportService(db, readPool),
    signatories: new SignatoryService(db, institutions),
  };
  built = services;
  return services;
}

export type Services = ReturnType<typeof createServices>;
