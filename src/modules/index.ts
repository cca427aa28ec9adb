import type { NodeFetcher } from '../graphql/node';
import { AccessResolver, ViewerResolver } from './access/access.resolver';
import { AssessmentResolver } from './assessments/assessment.resolver';
import { AuditResolver } from './audit/audit.resolver';
import { CertificateRuleResolver } from './certificates/certificate-rule.resolver';
import { CertificateResolver, LearnerCertificatesResolver } from './certificates/certificate.resolver';
import { EligibilityResolver } from './certificates/eligibility.resolver';
import { InstitutionResolver } from './institutions/institution.resolver';
import { InstitutionLearnersResolver } from './learners/institution-learners.resolver';
import { LearnerResolver } from './learners/learner.resolver';
import { InstitutionProgressResolver, LearnerLearningHoursResolver, LearningEntryResolver } from './learning-hours/learning-hours.resolver';

/** Every resolver class of every feature module. */
export const resolvers = [
  AccessResolver,
  ViewerResolver,
  AssessmentResolver,
  AuditResolver,
  CertificateResolver,
  CertificateRuleResolver,
  EligibilityResolver,
  InstitutionResolver,
  InstitutionLearnersResolver,
  LearnerResolver,
  LearnerCertificatesResolver,
  LearnerLearningHoursResolver,
  LearningEntryResolver,
  InstitutionProgressResolver,
] as const;

/** How `node(id:)` refetches each type, with the viewer's access applied. */
export const nodeFetchers: Record<string, NodeFetcher> = {
  Learner: (ctx, id) => ctx.services.learners.getById(ctx.viewer, id),
  Institution: (ctx, id) => (ctx.viewer.authenticated ? ctx.loaders.institutionById.load(id) : null),
  Certificate: async (ctx, id) => {
    const row = await ctx.loaders.certificateById.load(id);
    return row && ctx.services.certificates.getByNumber(ctx.viewer, row.number);
  },
};
