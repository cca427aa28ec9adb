import { Arg, Authorized, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { LearnerRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { checkFirst, MAX_PAGE_SIZE } from '../../db/paginate';
import { connectionComplexity } from '../../graphql/connection';
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

/** Suggestions per gap unless the client asks for more: a learner picks from a few. */
const RECOMMENDATIONS = 5;

@Authorized()
@Resolver(() => CompetencyGap)
export class CompetencyGapResolver {
  @FieldResolver(() => Competency)
  competency(@Root() gap: GapRow, @Ctx() ctx: Context) {
    return ctx.loaders.competencyById.load(gap.competencyId);
  }

  @FieldResolver(() => [Curriculum], {
    description: 'What to take next: published curricula with an outcome at or above the required level, closest target level first, then fewest JP',
    complexity: connectionComplexity,
  })
  async recommendedCurricula(
    @Root() gap: GapRow,
    @Arg('first', () => Int, { defaultValue: RECOMMENDATIONS, description: `At most this many (1-${MAX_PAGE_SIZE})` }) first: number,
    @Ctx() ctx: Context,
  ) {
    const ids = await ctx.loaders.recommendedCurriculumIds.load({ competencyId: gap.competencyId, level: gap.requiredLevel, first: checkFirst(first) });
    return Promise.all(ids.map((id) => ctx.loaders.curriculumById.load(id)));
  }
}
