import { Args, Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { LearnerRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { Learner } from '../learners/learner.type';
import { WebinarAttendanceConnection } from './attendance.type';

@Authorized()
@Resolver(() => Learner)
export class LearnerAttendancesResolver {
  @FieldResolver(() => WebinarAttendanceConnection, {
    complexity: connectionComplexity,
    description: 'Webinar sessions attended, latest first (the learner, or admins of their institution)',
  })
  attendances(@Root() learner: LearnerRow, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.attendance.listForLearner(ctx.viewer, learner, page);
  }
}
