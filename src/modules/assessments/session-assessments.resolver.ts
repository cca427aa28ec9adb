import { Authorized, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { AssessmentRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import type { SessionView } from '../webinars/webinar.model';
import { WebinarSession } from '../webinars/webinar.type';
import { Assessment } from './assessment.type';

@Authorized()
@Resolver(() => WebinarSession)
export class SessionAssessmentsResolver {
  @FieldResolver(() => [Assessment], { description: 'Pre-tests, post-tests and evaluations of this session, in the order created (organiser admins)' })
  assessments(@Root() session: SessionView, @Ctx() ctx: Context) {
    return ctx.loaders.assessmentsBySession.load(session);
  }
}

@Authorized()
@Resolver(() => Assessment)
export class AssessmentScoreCountResolver {
  @FieldResolver(() => Int, { description: 'Learners with a score recorded' })
  scoreCount(@Root() assessment: AssessmentRow, @Ctx() ctx: Context) {
    return ctx.loaders.scoreCountByAssessment.load(assessment.id);
  }
}
