import { Args, Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CompetencyAssessmentRow, LearnerRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { Learner } from '../learners/learner.type';
import { CompetencyAssessment, CompetencyAssessmentConnection } from './competency-assessment.type';
import { Competency } from './competency.type';

@Authorized()
@Resolver(() => Learner)
export class LearnerCompetencyHistoryResolver {
  @FieldResolver(() => CompetencyAssessmentConnection, { description: 'Every assessed level, latest first', complexity: connectionComplexity })
  competencyAssessments(@Root() learner: LearnerRow, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.loaders.competencyHistoryOfLearner.load({ parent: learner, args: { first: page.first, after: page.after } });
  }
}

@Authorized()
@Resolver(() => CompetencyAssessment)
export class CompetencyAssessmentHistoryResolver {
  @FieldResolver(() => Competency)
  competency(@Root() assessment: CompetencyAssessmentRow, @Ctx() ctx: Context) {
    return ctx.loaders.competencyById.load(assessment.competencyId);
  }
}
