import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';

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

@InputType()
export class EnrollLearnersInput {
  @Field(() => ID)
  cohortId!: string;

  @Field(() => [String])
  nips!: string[];
}

@InputType()
export class ModuleCompletionInput {
  @Field(() => String)
  nip!: string;

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
