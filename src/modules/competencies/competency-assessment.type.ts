import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/connection';
import { Payload } from '../../graphql/payload';
import { DateTimeScalar } from '../../graphql/scalars';

@ObjectType()
export class RecordCompetencyAssessmentsPayload extends Payload {
  @Field(() => Int, { nullable: true, description: 'Assessments stored (one already recorded for the same time is replaced); null with userErrors' })
  recorded?: number | null;
}

@ObjectType({ description: "One competency a learner's position requires, against their latest assessment" })
export class CompetencyGap {
  @Field(() => Int)
  requiredLevel!: number;

  @Field(() => Int, { nullable: true, description: 'Latest assessed level; null when never assessed' })
  currentLevel!: number | null;

  @Field(() => Int, { description: 'max(0, required - current); an unassessed competency counts as level 0' })
  gap!: number;

  @Field(() => DateTimeScalar, { nullable: true })
  assessedAt!: Date | null;

  competencyId!: number;
}

@ObjectType({ description: 'One assessed level of one competency, at a time' })
export class CompetencyAssessment {
  @Field(() => Int)
  level!: number;

  @Field(() => DateTimeScalar)
  assessedAt!: Date;

  competencyId!: number;
}

@ObjectType()
export class CompetencyAssessmentConnection extends Connection(CompetencyAssessment) {}
