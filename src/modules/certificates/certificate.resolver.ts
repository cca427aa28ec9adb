import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CertificateRow, LearnerRow } from '../../db/schema';
import { PUBLIC } from '../../graphql/auth-checker';
import type { Context } from '../../composition/context';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { payload } from '../../graphql/payload';
import { JSONScalar } from '../../graphql/scalars';
import { Institution } from '../institutions/institution.type';
import { Learner } from '../learners/learner.type';
import { CertificateRule } from './certificate-rule.type';
import {
  Certificate,
  CertificateConnection,
  CertificateFilter,
  CertificateVerification,
  IssueCertificatesInput,
  IssueCertificatesPayload,
  RevokeCertificateInput,
  RevokeCertificatePayload,
} from './certificate.type';
import { subjectFromInput } from './subject-input';
import { rowIdOf } from '../../graphql/node';

@ArgsType()
class LearnerCertificatesArgs extends ConnectionArgs {
  @Field(() => Int, { nullable: true, description: 'Only certificates whose activity falls in this year' })
  year?: number | null;
}

@Authorized()
@Resolver(() => Certificate)
export class CertificateResolver {
  @Query(() => CertificateConnection, {
    description: 'Certificates issued by institutions you manage (a LEARNER: their own), newest first',
    complexity: connectionComplexity,
  })
  certificates(
    @Arg('filter', () => CertificateFilter, { nullable: true }) filter: CertificateFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    const f = filter ?? {};
    const ids = {
      sessionId: f.sessionId == null ? null : rowIdOf(f.sessionId, 'WebinarSession'),
      cohortId: f.cohortId == null ? null : rowIdOf(f.cohortId, 'Cohort'),
    };
    return ctx.services.certificates.browse(ctx.viewer, { ...f, ...ids }, page);
  }

  @Query(() => Certificate, { nullable: true, description: 'A certificate by number (its holder, issuer admins, holder institution admins)' })
  certificate(@Arg('number', () => String) number: string, @Ctx() ctx: Context) {
    return ctx.services.certificates.getByNumber(ctx.viewer, number);
  }

  @Authorized(PUBLIC)
  @Query(() => CertificateVerification, { description: 'Public check of a verification code; valid: false when unknown' })
  verifyCertificate(@Arg('code', () => String) code: string, @Ctx() ctx: Context) {
    return ctx.services.certificates.verify(code);
  }

  @Mutation(() => IssueCertificatesPayload, { description: 'Issue to every eligible learner without a valid certificate; safe to repeat' })
  async issueCertificates(@Arg('input', () => IssueCertificatesInput) input: IssueCertificatesInput, @Ctx() ctx: Context) {
    const dryRun = input.dryRun ?? false;
    const target = subjectFromInput(input);
    const empty = { dryRun, issuedCount: 0, alreadyIssuedCount: 0, ineligibleCount: 0, issued: [] };
    if (target.error) return { ...empty, userErrors: [target.error] };
    const result = await ctx.services.certificates.issue(ctx.viewer, target.subject, dryRun);
    return result.ok ? { ...result.value, userErrors: [] } : { ...empty, userErrors: result.errors };
  }

  @Mutation(() => RevokeCertificatePayload)
  async revokeCertificate(@Arg('input', () => RevokeCertificateInput) input: RevokeCertificateInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.certificates.revoke(ctx.viewer, input), (certificate) => ({ certificate }));
  }

  @FieldResolver(() => String, { description: 'Public page that says whether the certificate is valid' })
  verificationUrl(@Root() c: CertificateRow, @Ctx() ctx: Context) {
    return ctx.services.certificates.verificationUrl(c.verificationCode);
  }

  @FieldResolver(() => String, { description: 'Printable A4 PDF with a QR code of the verification URL' })
  pdfUrl(@Root() c: CertificateRow, @Ctx() ctx: Context) {
    return ctx.services.certificates.pdfUrl(c.verificationCode);
  }

  @FieldResolver(() => JSONScalar, {
    nullable: true,
    description: 'Signed Open Badges 3.0 credential as a VC-JWT (EdDSA); verify against /.well-known/jwks.json',
  })
  credential(@Root() c: CertificateRow, @Ctx() ctx: Context) {
    return ctx.services.certificates.credential(c);
  }

  @FieldResolver(() => Learner)
  learner(@Root() c: CertificateRow, @Ctx() ctx: Context) {
    return ctx.loaders.learnerById.load(c.learnerId);
  }

  @FieldResolver(() => Institution)
  issuer(@Root() c: CertificateRow, @Ctx() ctx: Context) {
    return ctx.loaders.institutionById.load(c.issuerId);
  }

  @FieldResolver(() => CertificateRule, { nullable: true, description: 'The rule version that judged the holder eligible' })
  rule(@Root() c: CertificateRow, @Ctx() ctx: Context) {
    return c.ruleId === null ? null : ctx.loaders.ruleById.load(c.ruleId);
  }
}

@Authorized()
@Resolver(() => Learner)
export class LearnerCertificatesResolver {
  @FieldResolver(() => CertificateConnection, { description: 'Certificate wallet, newest first', complexity: connectionComplexity })
  certificates(@Root() learner: LearnerRow, @Args(() => LearnerCertificatesArgs) args: LearnerCertificatesArgs, @Ctx() ctx: Context) {
    return ctx.services.certificates.listForLearner(ctx.viewer, learner.id, args);
  }
}
