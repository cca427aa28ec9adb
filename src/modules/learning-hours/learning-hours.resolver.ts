import { Arg, Authorized, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { InstitutionRow, LearnerRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { Institution } from '../institutions/institution.type';
import { Certificate } from '../certificates/certificate.type';
import { Learner } from '../learners/learner.type';
import { checkYear } from './learning-hours.service';
import { LearningEntry, LearningHours, ProgressSummary } from './learning-hours.type';

@Authorized()
@Resolver(() => Learner)
export class LearnerLearningHoursResolver {
  @FieldResolver(() => LearningHours, { description: "The year's JP against the yearly development target" })
  learningHours(@Root() learner: LearnerRow, @Arg('year', () => Int) year: number, @Ctx() ctx: Context) {
    return ctx.loaders.learningHours.load({ learner, year: checkYear(year) });
  }
}

@Authorized()
@Resolver(() => LearningEntry)
export class LearningEntryResolver {
  @FieldResolver(() => Certificate, { nullable: true })
  certificate(@Root() entry: LearningEntry, @Ctx() ctx: Context) {
    return ctx.loaders.certificateById.load(entry.certificateId);
  }
}

@Authorized()
@Resolver(() => Institution)
export class InstitutionProgressResolver {
  @FieldResolver(() => ProgressSummary, { description: 'JP of the learners of this institution and all below it' })
  progressSummary(@Root() institution: InstitutionRow, @Arg('year', () => Int) year: number, @Ctx() ctx: Context) {
    return ctx.services.learningHours.summaryOnPool(ctx.viewer, institution, year);
  }
}

