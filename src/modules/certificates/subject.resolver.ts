import { Arg, Args, Authorized, createUnionType, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CertificateRow, CohortRow } from '../../db/schema';
import { PUBLIC } from '../../graphql/auth-checker';
import type { Context } from '../../composition/context';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { Cohort } from '../cohorts/cohort.type';
import { WebinarAttendance } from '../webinars/attendance.type';
import type { SessionView } from '../webinars/webinar.model';
import { WebinarSession } from '../webinars/webinar.type';
import { CertificateRule } from './certificate-rule.type';
import { Certificate, CertificateConnection } from './certificate.type';
import { Eligibility, EligibilityConnection, EligibilityFilter } from './eligibility.type';

export const CertificateSubject = createUnionType({
  name: 'CertificateSubject',
  description: 'What a certificate is for: a webinar session or a cohort of a curriculum',
  // Rows carry `__typename`; see resolveAbstractTypesByTypename.
  types: () => [WebinarSession, Cohort] as const,
});

const ruleOf = (code: string | null, ctx: Context) => (code === null ? null : ctx.loaders.currentRuleByCode.load(code));

@Authorized()
@Resolver(() => WebinarSession)
export class SessionCertificatesResolver {
  @Authorized(PUBLIC)
  @FieldResolver(() => CertificateRule, { nullable: true, description: 'The rule version that judges eligibility now' })
  certificateRule(@Root() session: SessionView, @Ctx() ctx: Context) {
    return ruleOf(session.certificateRuleCode, ctx);
  }

  @FieldResolver(() => EligibilityConnection, {
    description: 'Everyone with attendance or a score, judged by the current rule (organiser admins)',
    complexity: connectionComplexity,
  })
  eligibility(
    @Root() session: SessionView,
    @Arg('filter', () => EligibilityFilter, { nullable: true }) filter: EligibilityFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.eligibility.page(ctx.viewer, 'SESSION', session.id, { ...page, eligible: filter?.eligible });
  }

  @FieldResolver(() => CertificateConnection, { description: 'Certificates issued for this session, newest first (organiser admins)', complexity: connectionComplexity })
  certificates(@Root() session: SessionView, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.loaders.certificatesOfSession.load({ parent: session, args: { first: page.first, after: page.after } });
  }
}

@Authorized()
@Resolver(() => Cohort)
export class CohortCertificatesResolver {
  @FieldResolver(() => CertificateRule, { nullable: true, description: 'The rule version that judges eligibility now' })
  certificateRule(@Root() cohort: CohortRow, @Ctx() ctx: Context) {
    return ruleOf(cohort.certificateRuleCode, ctx);
  }

  @FieldResolver(() => EligibilityConnection, { description: 'Enrolled learners judged by the current rule (cohort admins)', complexity: connectionComplexity })
  eligibility(
    @Root() cohort: CohortRow,
    @Arg('filter', () => EligibilityFilter, { nullable: true }) filter: EligibilityFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.eligibility.page(ctx.viewer, 'COHORT', cohort.id, { ...page, eligible: filter?.eligible });
  }
}

@Authorized()
@Resolver(() => WebinarAttendance)
export class AttendanceEligibilityResolver {
  @FieldResolver(() => Eligibility, { nullable: true, description: "This learner's eligibility for the session's certificate" })
  eligibility(@Root() attendance: WebinarAttendance, @Ctx() ctx: Context) {
    return ctx.loaders.eligibilityFor.load({ type: 'SESSION', subjectId: attendance.sessionId, learnerId: attendance.learnerId });
  }
}

@Authorized()
@Resolver(() => Certificate)
export class CertificateSubjectResolver {
  @FieldResolver(() => CertificateSubject)
  async subject(@Root() c: CertificateRow, @Ctx() ctx: Context) {
    const row = c.subjectType === 'SESSION' ? await ctx.loaders.webinarSessionById.load(c.subjectId) : await ctx.loaders.cohortById.load(c.subjectId);
    return row && { ...row, __typename: c.subjectType === 'SESSION' ? 'WebinarSession' : 'Cohort' };
  }
}
