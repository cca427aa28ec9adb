import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { CertificateRuleRow } from '../../db/schema';
import { Connection } from '../../graphql/connection';
import { Node } from '../../graphql/node';
import { Payload } from '../../graphql/payload';
import { DateTimeScalar } from '../../graphql/scalars';
import { AssessmentKind } from '../assessments/assessment.type';
import type { CriterionSpec } from './criteria';

export enum CriterionKind {
  ATTENDANCE_MINUTES = 'ATTENDANCE_MINUTES',
  ATTENDANCE_PERCENT = 'ATTENDANCE_PERCENT',
  ASSESSMENT_SCORE = 'ASSESSMENT_SCORE',
  ASSESSMENT_SUBMITTED = 'ASSESSMENT_SUBMITTED',
  MODULES_COMPLETED_PERCENT = 'MODULES_COMPLETED_PERCENT',
}
registerEnumType(CriterionKind, {
  name: 'CriterionKind',
  description: 'Percentages are on a 0-100 scale; minutes are whole minutes; scores are on the assessment scale',
});

@ObjectType()
export class CertificateCriterion {
  @Field(() => CriterionKind)
  kind!: CriterionSpec['kind'];

  @Field(() => Float, { nullable: true })
  threshold!: number | null;

  @Field(() => AssessmentKind, { nullable: true })
  assessmentKind!: CriterionSpec['assessmentKind'];

  @Field(() => String, { description: 'The criterion in words' })
  description!: string;
}

@ObjectType({ implements: Node, description: 'One version of a certificate rule: criteria that must all hold' })
export class CertificateRule extends Node {
  @Field(() => String)
  code!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String)
  name!: string;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  institutionId!: number;
}

@ObjectType()
export class CertificateRuleConnection extends Connection(CertificateRule) {}

@InputType()
export class CertificateRuleFilter {
  @Field(() => String, { nullable: true, description: 'Rules of this institution and every one below it' })
  institutionCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Every version of this code' })
  code?: string | null;
}

export type CertificateRuleWithCriteria = CertificateRuleRow & { criteria: CertificateCriterion[] };

@InputType()
export class CertificateCriterionInput {
  @Field(() => CriterionKind)
  kind!: CriterionKind;

  @Field(() => Float, { nullable: true, description: 'Minutes, percent (0-100) or score; see CriterionKind' })
  threshold?: number | null;

  @Field(() => AssessmentKind, { nullable: true, description: 'For ASSESSMENT_SCORE and ASSESSMENT_SUBMITTED' })
  assessmentKind?: AssessmentKind | null;
}

@InputType()
export class DefineCertificateRuleInput {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => [CertificateCriterionInput])
  criteria!: CertificateCriterionInput[];

  @Field(() => String, { nullable: true, description: 'Owner institution; defaults to your own (required for superadmins)' })
  institutionCode?: string | null;
}

@ObjectType()
export class DefineCertificateRulePayload extends Payload {
  @Field(() => CertificateRule, { nullable: true })
  rule?: CertificateRuleRow | null;
}
