import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { CertificateRuleRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { payload } from '../../graphql/payload';
import { Institution } from '../institutions/institution.type';
import { CertificateCriterion, CertificateRule, DefineCertificateRuleInput, DefineCertificateRulePayload } from './certificate-rule.type';
import { describeCriterion } from './criteria';

@Authorized()
@Resolver(() => CertificateRule)
export class CertificateRuleResolver {
  @Mutation(() => DefineCertificateRulePayload, { description: 'Defines a rule; an existing code gets its next version' })
  async defineCertificateRule(@Arg('input', () => DefineCertificateRuleInput) input: DefineCertificateRuleInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.certificateRules.define(ctx.viewer, input), (rule) => ({ rule }));
  }

  @FieldResolver(() => [CertificateCriterion])
  async criteria(@Root() rule: CertificateRuleRow, @Ctx() ctx: Context): Promise<CertificateCriterion[]> {
    const rows = await ctx.loaders.criteriaByRuleId.load(rule.id);
    return rows.map((c) => ({ kind: c.kind, threshold: c.threshold, assessmentKind: c.assessmentKind, description: describeCriterion(c) }));
  }

  @FieldResolver(() => Institution)
  institution(@Root() rule: CertificateRuleRow, @Ctx() ctx: Context) {
    return ctx.loaders.institutionById.load(rule.institutionId);
  }
}
