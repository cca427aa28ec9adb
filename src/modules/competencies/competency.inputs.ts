import { Field, InputType, Int } from 'type-graphql';
import { CompetencyGroup } from './competency.type';

@InputType()
export class CompetencyLevelInput {
  @Field(() => Int, { description: '1-5' })
  level!: number;

  @Field(() => String)
  description!: string;
}

@InputType()
export class CompetencyInput {
  @Field(() => String, { description: 'Unique across frameworks, e.g. M.01' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => CompetencyGroup)
  group!: CompetencyGroup;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [CompetencyLevelInput])
  levels!: CompetencyLevelInput[];
}

@InputType()
export class CompetencyFrameworkInput {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => [CompetencyInput], { description: 'The whole framework: competencies left out are removed' })
  competencies!: CompetencyInput[];
}
