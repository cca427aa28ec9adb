import { Field, InputType, Int } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';

@InputType()
export class CompetencyAssessmentInput {
  @Field(() => String)
  nip!: string;

  @Field(() => String)
  competencyCode!: string;

  @Field(() => Int, { description: 'Assessed level, 1-5' })
  level!: number;

  @Field(() => DateTimeScalar)
  assessedAt!: string;
}

@InputType()
export class RecordCompetencyAssessmentsInput {
  @Field(() => [CompetencyAssessmentInput])
  assessments!: CompetencyAssessmentInput[];
}
