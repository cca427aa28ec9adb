import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { COMPETENCY_GROUPS, type CompetencyFrameworkRow, type CompetencyGroupName, type CompetencyRow } from '../../db/schema';
import { enumOf } from '../../graphql/enums';
import { Node } from '../../graphql/node';
import { Payload } from '../../graphql/payload';
import { DateTimeScalar } from '../../graphql/scalars';
import { UpsertOutcome, type UpsertOutcomeName } from './upsert-outcome';

export const CompetencyGroup = enumOf(COMPETENCY_GROUPS, 'CompetencyGroup', 'The groups of PermenPANRB 38/2017: teknis, manajerial, sosial kultural');
export type CompetencyGroup = (typeof COMPETENCY_GROUPS)[number];

registerEnumType(UpsertOutcome, {
  name: 'UpsertOutcome',
  description: 'What an upsert did: UNCHANGED, CONFLICT and INVALID wrote nothing',
});

@ObjectType({ description: 'What a competency looks like at one level (1-5)' })
export class CompetencyLevel {
  @Field(() => Int)
  level!: number;

  @Field(() => String)
  description!: string;
}

@ObjectType({ implements: Node, description: 'A competency; its code is unique across frameworks' })
export class Competency extends Node {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => CompetencyGroup)
  group!: CompetencyGroupName;

  @Field(() => String, { nullable: true })
  description!: string | null;

  frameworkId!: number;
}

@ObjectType({ implements: Node, description: 'A competency framework, e.g. the managerial competencies of PermenPANRB 38/2017' })
export class CompetencyFramework extends Node {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Int, { description: 'Edition of the framework' })
  version!: number;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  ownerId!: number | null;
}

@ObjectType()
export class UpsertCompetencyFrameworkPayload extends Payload {
  @Field(() => UpsertOutcome)
  outcome!: UpsertOutcomeName;

  @Field(() => CompetencyFramework, { nullable: true })
  framework?: CompetencyFrameworkRow | null;
}

export type { CompetencyRow };
