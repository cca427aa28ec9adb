import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';
import {
  LearningSource,
  type LearningEntryData,
  type LearningHoursData,
  type LearningSourceTotalData,
  type ProgressSummaryData,
} from './learning-hours.model';

registerEnumType(LearningSource, { name: 'LearningSource' });

@ObjectType()
export class LearningSourceTotal implements LearningSourceTotalData {
  @Field(() => LearningSource)
  source!: LearningSource;

  @Field(() => Int)
  jp!: number;
}

@ObjectType({ description: 'One certificate counted towards the year' })
export class LearningEntry implements LearningEntryData {
  @Field(() => LearningSource)
  source!: LearningSource;

  @Field(() => String)
  title!: string;

  @Field(() => Int)
  jp!: number;

  @Field(() => DateScalar, { description: 'Date of the activity (session date or cohort end)' })
  earnedAt!: string;

  certificateId!: number;
}

@ObjectType({ description: "A learner's JP in one year against the yearly development duty" })
export class LearningHours implements LearningHoursData {
  @Field(() => Int)
  year!: number;

  @Field(() => Int, { description: '20 for PNS and PPPK unless the institution sets another; 0 for NON_ASN' })
  targetJp!: number;

  @Field(() => Int)
  earnedJp!: number;

  @Field(() => Int)
  remainingJp!: number;

  @Field(() => Boolean, { description: 'Past years: earned >= target; the current year: against the target pro-rated to today' })
  onTrack!: boolean;

  @Field(() => [LearningSourceTotal])
  bySource!: LearningSourceTotal[];

  @Field(() => [LearningEntry])
  entries!: LearningEntry[];
}

@ObjectType({ description: "JP of an institution's learners (its whole subtree) in one year" })
export class ProgressSummary implements ProgressSummaryData {
  @Field(() => Int)
  year!: number;

  @Field(() => Int)
  learnerCount!: number;

  @Field(() => Int, { description: 'Learners with earnedJp >= targetJp' })
  learnersMeetingTarget!: number;

  @Field(() => Float, { description: 'totalJp over all learners of the subtree' })
  averageJp!: number;

  @Field(() => Int)
  totalJp!: number;

  @Field(() => Int, { description: 'VALID certificates of these learners dated in the year' })
  certificatesIssued!: number;
}
