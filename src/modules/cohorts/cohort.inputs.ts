import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import type { CohortStatusName } from './cohort-status';
import { CohortStatus } from './cohort.type';

@InputType()
export class CreateCohortInput {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  curriculumCode!: string;

  @Field(() => Int, { nullable: true, description: 'Default: the latest published version' })
  curriculumVersion?: number | null;

  @Field(() => String)
  institutionCode!: string;

  @Field(() => DateScalar)
  startDate!: string;

  @Field(() => DateScalar, { nullable: true })
  endDate?: string | null;

  @Field(() => String, { nullable: true })
  certificateRuleCode?: string | null;
}

@InputType({ description: 'Learners by NIP (ASN), e-mail (NON_ASN participants) or id: any mix' })
export class EnrollLearnersInput {
  @Field(() => ID)
  cohortId!: string;

  @Field(() => [String], { nullable: true })
  nips?: string[] | null;

  @Field(() => [String], { nullable: true })
  emails?: string[] | null;

  @Field(() => [ID], { nullable: true })
  learnerIds?: string[] | null;
}

@InputType({ description: 'The learner by NIP, or by e-mail when they have none' })
export class ModuleCompletionInput {
  @Field(() => String, { nullable: true })
  nip?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String)
  moduleCode!: string;

  @Field(() => DateTimeScalar)
  completedAt!: string;

  @Field(() => Float, { nullable: true, description: '0-100' })
  score?: number | null;
}

@InputType()
export class RecordModuleCompletionsInput {
  @Field(() => ID)
  cohortId!: string;

  @Field(() => [ModuleCompletionInput])
  completions!: ModuleCompletionInput[];
}

@InputType({ description: 'An omitted field stays as it is; null clears a field that may be empty' })
export class UpdateCohortInput {
  @Field(() => ID)
  cohortId!: string;

  @Field(() => Int, { nullable: true, description: 'The revision you read; a stale one is REVISION_CONFLICT and nothing is written' })
  expectedRevision?: number | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => DateScalar, { nullable: true })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true })
  endDate?: string | null;

  @Field(() => String, { nullable: true })
  certificateRuleCode?: string | null;

  @Field(() => CohortStatus, { nullable: true, description: 'Only CANCELLED may be set, with cancellationReason; the others follow the dates' })
  status?: CohortStatusName | null;

  @Field(() => String, { nullable: true })
  cancellationReason?: string | null;
}

@InputType()
export class WithdrawEnrollmentInput {
  @Field(() => ID)
  enrollmentId!: string;

  @Field(() => String)
  reason!: string;
}
