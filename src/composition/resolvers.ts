import type { NodeFetcher } from '../graphql/node';
import type { Context } from './context';
import { AccessResolver, ViewerResolver } from '../modules/access/access.resolver';
import { AssessmentResolver } from '../modules/assessments/assessment.resolver';
import { AssessmentScoreCountResolver, SessionAssessmentsResolver } from '../modules/assessments/session-assessments.resolver';
import { CohortEnrollmentsResolver, InstitutionCohortsResolver } from '../modules/cohorts/institution-cohorts.resolver';
import { CompetencyAssessmentHistoryResolver, LearnerCompetencyHistoryResolver } from '../modules/competencies/learner-competency-history.resolver';
import { AuditResolver } from '../modules/audit/audit.resolver';
import { CohortResolver, EnrollmentResolver } from '../modules/cohorts/cohort.resolver';
import { LearnerEnrollmentsResolver } from '../modules/cohorts/learner-enrollments.resolver';
import { CompetencyAssessmentResolver } from '../modules/competencies/competency-assessment.resolver';
import { CompetencyFrameworkResolver, CompetencyResolver } from '../modules/competencies/competency.resolver';
import { CompetencyGapResolver, LearnerCompetencyProfileResolver } from '../modules/competencies/learner-competency-profile.resolver';
import { CurriculumChangeResolver } from '../modules/curricula/curriculum-change.resolver';
import { CurriculumModuleResolver, CurriculumResolver, LearningOutcomeResolver } from '../modules/curricula/curriculum.resolver';
import { EventResolver } from '../modules/events/event.resolver';
import { WebhookDeliveryResolver, WebhookSubscriptionResolver } from '../modules/webhooks/webhook.resolver';
import { FileImportResolver } from '../modules/files/file-import.resolver';
import { IdentityProviderResolver } from '../modules/identity/identity-provider.resolver';
import { InstitutionResolver } from '../modules/institutions/institution.resolver';
import { InstitutionLearnersResolver } from '../modules/learners/institution-learners.resolver';
import { LearnerResolver } from '../modules/learners/learner.resolver';
import { PositionRequirementResolver, PositionResolver } from '../modules/positions/position.resolver';
import { CertificateRuleResolver, InstitutionCertificateRulesResolver } from '../modules/certificates/certificate-rule.resolver';
import { CertificateResolver, LearnerCertificatesResolver } from '../modules/certificates/certificate.resolver';
import { EligibilityResolver } from '../modules/certificates/eligibility.resolver';
import { CertificateSignatoryResolver, InstitutionSignatoryResolver } from '../modules/certificates/signatory.resolver';
import {
  AttendanceEligibilityResolver,
  CertificateSubjectResolver,
  CohortCertificatesResolver,
  SessionCertificatesResolver,
} from '../modules/certificates/subject.resolver';
import { InstitutionProgressResolver, LearnerLearningHoursResolver, LearningEntryResolver } from '../modules/learning-hours/learning-hours.resolver';
import { AttendanceResolver } from '../modules/webinars/attendance.resolver';
import { LearnerAttendancesResolver } from '../modules/webinars/learner-attendances.resolver';
import { SessionAttendanceResolver, UnmatchedAttendanceRowResolver } from '../modules/webinars/session-attendance.resolver';
import { WebinarSeriesResolver, WebinarSessionResolver } from '../modules/webinars/webinar.resolver';
import { CurriculumTkpkResolver, InstitutionTkpkResolver, SessionTkpkResolver } from '../modules/tkpk/tkpk.resolver';

/** Every resolver class of every feature module. */
export const resolvers = [
  AccessResolver,
  ViewerResolver,
  AssessmentResolver,
  SessionAssessmentsResolver,
  AssessmentScoreCountResolver,
  InstitutionCohortsResolver,
  CohortEnrollmentsResolver,
  LearnerCompetencyHistoryResolver,
  CompetencyAssessmentHistoryResolver,
  InstitutionCertificateRulesResolver,
  AuditResolver,
  FileImportResolver,
  CertificateResolver,
  CertificateRuleResolver,
  EligibilityResolver,
  SessionCertificatesResolver,
  CohortCertificatesResolver,
  AttendanceEligibilityResolver,
  CertificateSubjectResolver,
  IdentityProviderResolver,
  InstitutionResolver,
  InstitutionLearnersResolver,
  LearnerResolver,
  CompetencyFrameworkResolver,
  CompetencyResolver,
  CompetencyAssessmentResolver,
  LearnerCompetencyProfileResolver,
  CompetencyGapResolver,
  PositionResolver,
  PositionRequirementResolver,
  CurriculumResolver,
  LearningOutcomeResolver,
  CurriculumModuleResolver,
  CurriculumChangeResolver,
  EventResolver,
  WebhookSubscriptionResolver,
  WebhookDeliveryResolver,
  CohortResolver,
  EnrollmentResolver,
  LearnerEnrollmentsResolver,
  LearnerCertificatesResolver,
  LearnerLearningHoursResolver,
  LearningEntryResolver,
  InstitutionProgressResolver,
  WebinarSeriesResolver,
  WebinarSessionResolver,
  SessionAttendanceResolver,
  UnmatchedAttendanceRowResolver,
  AttendanceResolver,
  LearnerAttendancesResolver,
  CurriculumTkpkResolver,
  SessionTkpkResolver,
  InstitutionTkpkResolver,
  CertificateSignatoryResolver,
  InstitutionSignatoryResolver,
] as const;

/** How `node(id:)` refetches each type, with the viewer's access applied. */
export const nodeFetchers: Record<string, NodeFetcher<Context>> = {
  Learner: (ctx, id) => ctx.services.learners.getById(ctx.viewer, id),
  Curriculum: (ctx, id) => ctx.services.curricula.getById(ctx.viewer, id),
  Cohort: (ctx, id) => ctx.services.cohorts.getById(ctx.viewer, id),
  CompetencyFramework: (ctx, id) => ctx.loaders.frameworkById.load(id),
  Competency: (ctx, id) => ctx.loaders.competencyById.load(id),
  Position: (ctx, id) => ctx.loaders.positionById.load(id),
  Institution: (ctx, id) => (ctx.viewer.authenticated ? ctx.loaders.institutionById.load(id) : null),
  Certificate: async (ctx, id) => {
    const row = await ctx.loaders.certificateById.load(id);
    return row && ctx.services.certificates.getByNumber(ctx.viewer, row.number);
  },
  WebinarSession: (ctx, id) => ctx.loaders.webinarSessionById.load(id),
  WebhookSubscription: (ctx, id) => ctx.services.webhooks.findForViewer(ctx.viewer, id),
  WebhookDelivery: (ctx, id) => ctx.services.webhooks.findDeliveryForViewer(ctx.viewer, id),
  WebinarSeries: (ctx, id) => ctx.loaders.webinarSeriesById.load(id),
};
