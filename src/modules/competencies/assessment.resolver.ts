import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { payload } from '../../graphql/payload';
import { RecordCompetencyAssessmentsInput } from './assessment.inputs';
import { RecordCompetencyAssessmentsPayload } from './assessment.type';

@Authorized()
@Resolver()
export class AssessmentResolver {
  @Mutation(() => RecordCompetencyAssessmentsPayload, { description: "Stores learners' assessed competency levels; the latest counts" })
  async recordCompetencyAssessments(
    @Arg('input', () => RecordCompetencyAssessmentsInput) input: RecordCompetencyAssessmentsInput,
    @Ctx() ctx: Context,
  ) {
    return payload(await ctx.services.assessments.record(ctx.viewer, input), (outcome) => outcome);
  }
}
