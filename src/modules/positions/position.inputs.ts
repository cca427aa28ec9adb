import { Field, InputType, Int } from 'type-graphql';

@InputType()
export class CompetencyRequirementInput {
  @Field(() => String)
  competencyCode!: string;

  @Field(() => Int, { description: '1-5' })
  level!: number;
}

@InputType()
export class UpsertPositionInput {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => [CompetencyRequirementInput], { description: 'The whole list: requirements left out are removed' })
  requirements!: CompetencyRequirementInput[];
}
