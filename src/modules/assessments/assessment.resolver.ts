import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../composition/context';
import { andThen } from '../../core/errors';
import { withRowIds } from '../../graphql/node';
import { payload } from '../../graphql/payload';
import { subjectFromInput } from '../certificates/subject-input';
import {
  Assessment,
  CreateAssessmentInput,
  CreateAssessmentPayload,
  RecordAssessmentScoresInput,
  RecordAssessmentScoresPayload,
  UpdateAssessmentInput,
  UpdateAssessmentPayload,
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
    const decoded = withRowIds(input, { assessmentId: 'Assessment' });
    const result = await andThen(decoded, (i) => ctx.services.assessments.recordScores(ctx.viewer, i.assessmentId, i.scores));
    return payload(result, (recorded) => ({ recorded }));
  }

  @Mutation(() => UpdateAssessmentPayload, { description: 'Changes title, maxScore (never below a recorded score) or passingScore; audited' })
  async updateAssessment(@Arg('input', () => UpdateAssessmentInput) input: UpdateAssessmentInput, @Ctx() ctx: Context) {
    const decoded = withRowIds(input, { assessmentId: 'Assessment' });
    return payload(await andThen(decoded, (i) => ctx.services.assessments.update(ctx.viewer, i)), (assessment) => ({ assessment }));
  }
}
