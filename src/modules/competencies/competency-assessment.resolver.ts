import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../composition/context';
import { payload } from '../../graphql/payload';
import { RecordCompetencyAssessmentsInput } from './competency-assessment.inputs';
import { RecordCompetencyAssessmentsPayload } from './competency-assessment.type';

@Authorized()
@Resolver()
export class CompetencyAssessmentResolver {
  @Mutation(() => RecordCompetencyAssessmentsPayload, { description: "Stores learners' assessed competency levels; the latest counts" })
  async recordCompetencyAssessments(
    @Arg('input', () => RecordCompetencyAssessmentsInput) input: RecordCompetencyAssessmentsInput,
    @Ctx() ctx: Context,
  ) {
    return payload(await ctx.services.competencyAssessments.record(ctx.viewer, input), (outcome) => outcome);
  }
}
