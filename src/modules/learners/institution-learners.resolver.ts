import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { InstitutionRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { Institution } from '../institutions/institution.type';
import { LearnerConnection, LearnerOrder } from './learner.type';

@Authorized()
@Resolver(() => Institution)
export class InstitutionLearnersResolver {
  @FieldResolver(() => LearnerConnection, {
    description: 'Learners of this institution and every institution below it; deactivated ones only with includeInactive',
    complexity: connectionComplexity,
  })
  learners(
    @Root() institution: InstitutionRow,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('orderBy', () => LearnerOrder, { nullable: true }) orderBy: LearnerOrder | null,
    @Arg('year', () => Int, { nullable: true, description: 'Year whose JP EARNED_JP orders by (default: this year)' })
    year: number | null,
    @Arg('includeInactive', () => Boolean, { nullable: true, defaultValue: false }) includeInactive: boolean | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.learners.listForInstitution(ctx.viewer, institution, { ...page, orderBy, year, includeInactive });
  }
}
