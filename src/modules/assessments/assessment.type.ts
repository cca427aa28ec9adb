import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { enumOf } from '../../graphql/enums';
import { ASSESSMENT_KINDS, type AssessmentKind as AssessmentKindName, type AssessmentRow } from '../../db/schema';
import { Node } from '../../graphql/node';
import { Payload } from '../../graphql/payload';
import { DateTimeScalar } from '../../graphql/scalars';

export const AssessmentKind = enumOf(ASSESSMENT_KINDS, 'AssessmentKind', 'Pre-test, post-test or evaluation form');
export type AssessmentKind = AssessmentKindName;

@ObjectType({ implements: Node, description: 'A pre-test, post-test or evaluation of a webinar session or a cohort' })
export class Assessment extends Node {
  @Field(() => AssessmentKind)
  kind!: AssessmentRow['kind'];

  @Field(() => String)
  title!: string;

  @Field(() => Float)
  maxScore!: number;

  @Field(() => Float, { nullable: true })
  passingScore!: number | null;
}

@InputType()
export class CreateAssessmentInput {
  @Field(() => ID, { nullable: true, description: 'A WebinarSession id; give this or cohortId' })
  sessionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A Cohort id; give this or sessionId' })
  cohortId?: string | null;

  @Field(() => AssessmentKind)
  kind!: AssessmentKind;

  @Field(() => String)
  title!: string;

  @Field(() => Float)
  maxScore!: number;

  @Field(() => Float, { nullable: true })
  passingScore?: number | null;
}

@InputType()
export class AssessmentScoreInput {
  @Field(() => String, { nullable: true })
  nip?: string | null;

  @Field(() => String, { nullable: true, description: 'For learners without a NIP' })
  email?: string | null;

  @Field(() => Float)
  score!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Defaults to the time of recording' })
  submittedAt?: string | null;
}

@InputType()
export class RecordAssessmentScoresInput {
  @Field(() => ID)
  assessmentId!: string;

  @Field(() => [AssessmentScoreInput])
  scores!: AssessmentScoreInput[];
}

@ObjectType()
export class CreateAssessmentPayload extends Payload {
  @Field(() => Assessment, { nullable: true })
  assessment?: AssessmentRow | null;
}

@ObjectType()
export class RecordAssessmentScoresPayload extends Payload {
  @Field(() => Int, { nullable: true, description: 'Scores stored (a re-recorded score replaces the earlier one)' })
  recorded?: number;
}

@InputType({ description: 'An omitted field stays as it is; passingScore null clears it' })
export class UpdateAssessmentInput {
  @Field(() => ID)
  assessmentId!: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => Float, { nullable: true, description: 'Never below a score already recorded' })
  maxScore?: number | null;

  @Field(() => Float, { nullable: true })
  passingScore?: number | null;
}

@ObjectType()
export class UpdateAssessmentPayload extends Payload {
  @Field(() => Assessment, { nullable: true })
  assessment?: AssessmentRow | null;
}
