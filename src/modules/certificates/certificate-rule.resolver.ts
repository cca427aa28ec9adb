import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import type { InstitutionRow } from '../../db/schema';
import type { CertificateRuleRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { payload } from '../../graphql/payload';
import { Institution } from '../institutions/institution.type';
import {
  CertificateCriterion,
  CertificateRule,
  CertificateRuleConnection,
  CertificateRuleFilter,
  DefineCertificateRuleInput,
  DefineCertificateRulePayload,
} from './certificate-rule.type';
import { describeCriterion } from './criteria';

@Authorized()
@Resolver(() => CertificateRule)
export class CertificateRuleResolver {
  @Query(() => CertificateRuleConnection, { description: 'Rule versions of the institutions you manage, newest first', complexity: connectionComplexity })
  certificateRules(
    @Arg('filter', () => CertificateRuleFilter, { nullable: true }) filter: CertificateRuleFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.certificateRules.browse(ctx.viewer, filter ?? {}, page);
  }

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

@Authorized()
@Resolver(() => Institution)
export class InstitutionCertificateRulesResolver {
  @FieldResolver(() => CertificateRuleConnection, { description: 'Rule versions this institution defined, newest first (its admins)', complexity: connectionComplexity })
  certificateRules(@Root() institution: InstitutionRow, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.loaders.rulesOfInstitution.load({ parent: institution, args: { first: page.first, after: page.after } });
  }
}
