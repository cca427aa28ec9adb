import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { ENROLLMENT_STATUSES, type CohortRow, type EnrollmentRow, type EnrollmentStatusName } from '../../db/schema';
import { enumOf } from '../../graphql/enums';
import { COHORT_STATUSES } from './cohort-status';
import { Node } from '../../graphql/node';
import { Connection } from '../../graphql/connection';
import { Payload } from '../../graphql/payload';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';

export const EnrollmentStatus = enumOf(ENROLLMENT_STATUSES, 'EnrollmentStatus', 'COMPLETED once every module is completed');
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

export const CohortStatus = enumOf(COHORT_STATUSES, 'CohortStatus', 'PLANNED before its start date, RUNNING until its end date, then FINISHED; CANCELLED when cancelled');

@ObjectType({ implements: Node, description: 'An intake of one curriculum version at an institution' })
export class Cohort extends Node {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => DateScalar)
  startDate!: string;

  @Field(() => DateScalar, { nullable: true })
  endDate!: string | null;

  @Field(() => String, { nullable: true, description: 'Certificate rule its participants are judged by' })
  certificateRuleCode!: string | null;

  @Field(() => Int)
  revision!: number;

  @Field(() => DateTimeScalar, { nullable: true })
  cancelledAt!: Date | null;

  @Field(() => String, { nullable: true })
  cancellationReason!: string | null;

  curriculumId!: number;
  institutionId!: number;
}

@ObjectType({ implements: Node, description: "A learner's place in a cohort" })
export class Enrollment extends Node {
  @Field(() => EnrollmentStatus)
  status!: EnrollmentStatusName;

  @Field(() => DateTimeScalar)
  enrolledAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the last module was completed' })
  completedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  withdrawnAt!: Date | null;

  @Field(() => String, { nullable: true })
  withdrawalReason!: string | null;

  cohortId!: number;
  learnerId!: number;
}

@ObjectType({ description: 'How far an enrolment is through its curriculum' })
export class EnrollmentProgress {
  @Field(() => Int)
  completedModules!: number;

  @Field(() => Int)
  totalModules!: number;

  @Field(() => Int, { description: 'JP of the completed modules' })
  earnedJp!: number;

  @Field(() => Int)
  totalJp!: number;

  @Field(() => Float, { description: 'Completed modules over all modules, 0-100' })
  percent!: number;
}

@ObjectType()
export class EnrollmentConnection extends Connection(Enrollment) {}

@ObjectType()
export class CohortConnection extends Connection(Cohort) {}

@InputType()
export class EnrollmentFilter {
  @Field(() => EnrollmentStatus, { nullable: true })
  status?: EnrollmentStatus | null;
}

@ObjectType()
export class CreateCohortPayload extends Payload {
  @Field(() => Cohort, { nullable: true })
  cohort?: CohortRow | null;
}

@ObjectType()
export class EnrollLearnersPayload extends Payload {
  @Field(() => Int, { nullable: true, description: 'Newly enrolled; null with userErrors' })
  enrolled?: number | null;

  @Field(() => Int, { nullable: true, description: 'Already in the cohort (or named twice): not enrolled again' })
  alreadyEnrolled?: number | null;
}

@ObjectType()
export class RecordModuleCompletionsPayload extends Payload {
  @Field(() => Int, { nullable: true, description: 'Completions stored; a module recorded again replaces the earlier one' })
  recorded?: number | null;
}

@ObjectType()
export class UpdateCohortPayload extends Payload {
  @Field(() => Cohort, { nullable: true, description: 'As changed; on REVISION_CONFLICT, as it is now' })
  cohort?: CohortRow | null;
}

@ObjectType()
export class WithdrawEnrollmentPayload extends Payload {
  @Field(() => Enrollment, { nullable: true })
  enrollment?: EnrollmentRow | null;
}
