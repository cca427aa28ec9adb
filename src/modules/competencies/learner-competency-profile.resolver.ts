import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { LearnerRow } from '../../db/schema';
import type { Context } from '../../graphql/context';
import { Curriculum } from '../curricula/curriculum.type';
import { Learner } from '../learners/learner.type';
import { CompetencyGap } from './competency-assessment.type';
import { competencyGaps, type GapRow } from './competency-profile';
import { Competency } from './competency.type';

@Authorized()
@Resolver(() => Learner)
export class LearnerCompetencyProfileResolver {
  @FieldResolver(() => [CompetencyGap], { description: "Each competency the learner's position requires, largest gap first" })
  async competencyProfile(@Root() learner: LearnerRow, @Ctx() ctx: Context) {
    if (learner.positionId === null) return [];
    const [requirements, latest] = await Promise.all([
      ctx.loaders.requirementsByPosition.load(learner.positionId),
      ctx.loaders.latestAssessmentsByLearner.load(learner.id),
    ]);
    return competencyGaps(requirements, latest);
  }
}

@Authorized()
@Resolver(() => CompetencyGap)
export class CompetencyGapResolver {
  @FieldResolver(() => Competency)
  competency(@Root() gap: GapRow, @Ctx() ctx: Context) {
    return ctx.loaders.competencyById.load(gap.competencyId);
  }

  @FieldResolver(() => [Curriculum], {
    description: 'Published curricula with an outcome at or above the required level: closest target level first, then fewest JP',
  })
  recommendedCurricula(@Root() gap: GapRow, @Ctx() ctx: Context) {
    return ctx.loaders.recommendedCurricula.load({ competencyId: gap.competencyId, level: gap.requiredLevel });
  }
}
