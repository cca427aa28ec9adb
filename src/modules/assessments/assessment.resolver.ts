import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../composition/context';
import { rowIdOf } from '../../graphql/node';
import { payload } from '../../graphql/payload';
import { subjectFromInput } from '../certificates/subject-input';
import {
  Assessment,
  CreateAssessmentInput,
  CreateAssessmentPayload,
  RecordAssessmentScoresInput,
  RecordAssessmentScoresPayload,
} from './assessment.type';

@Authorized()
@Resolver(() => Assessment)
export class AssessmentResolver {
  @Mutation(() => CreateAssessmentPayload)
  async createAssessment(@Arg('input', () => CreateAssessmentInput) input: CreateAssessmentInput, @Ctx() ctx: Context) {
    const target = subjectFromInput(input);
    if (target.error) return { userErrors: [target.error] };
    return payload(await ctx.services.assessments.create(ctx.viewer, { ...input, subject: target.subject }), (assessment) => ({ assessment }));
  }

  @Mutation(() => RecordAssessmentScoresPayload, { description: 'All-or-nothing; re-recording a score replaces it' })
  async recordAssessmentScores(@Arg('input', () => RecordAssessmentScoresInput) input: RecordAssessmentScoresInput, @Ctx() ctx: Context) {
    const result = await ctx.services.assessments.recordScores(ctx.viewer, rowIdOf(input.assessmentId, 'Assessment'), input.scores);
    return payload(result, (recorded) => ({ recorded }));
  }
}
