import { Args, Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { LearnerRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { Learner } from '../learners/learner.type';
import { EnrollmentConnection } from './cohort.type';

@Authorized()
@Resolver(() => Learner)
export class LearnerEnrollmentsResolver {
  @FieldResolver(() => EnrollmentConnection, { description: "The learner's cohort enrolments, newest first", complexity: connectionComplexity })
  async enrollments(@Root() learner: LearnerRow, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.enrollments.pageForLearner(await ctx.loaders.enrollmentsByLearner.load(learner.id), page);
  }
}
