import { Field, Float, InputType, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/connection';
import { CriterionKind } from './certificate-rule.type';
import type { CriterionResult as CriterionResultData } from './criteria';

@ObjectType({ description: 'One criterion of a rule, judged for one learner' })
export class CriterionResult {
  @Field(() => CriterionKind)
  kind!: CriterionResultData['kind'];

  @Field(() => Boolean)
  met!: boolean;

  @Field(() => Float, { description: 'Minutes, percent (0-100), score, or 1/0 for submitted' })
  actual!: number;

  @Field(() => Float)
  required!: number;

  @Field(() => String)
  reason!: string;
}

@ObjectType({ description: "A learner's eligibility for a subject's certificate, explained per criterion" })
export class Eligibility {
  @Field(() => Boolean, { description: 'Every criterion is met (false when the subject has no rule)' })
  eligible!: boolean;

  @Field(() => [CriterionResult])
  criteria!: CriterionResult[];

  learnerId!: number;
  subjectType!: 'SESSION' | 'COHORT';
  subjectId!: number;
}

@ObjectType()
export class EligibilityConnection extends Connection(Eligibility) {}

@InputType()
export class EligibilityFilter {
  @Field(() => Boolean, { nullable: true, description: 'Only eligible (true) or only ineligible (false) learners' })
  eligible?: boolean | null;
}
