import { Field, Int, ObjectType } from 'type-graphql';
import { CURRICULUM_STATUSES, LEARNING_APPROACHES, DELIVERY_MODES, CHANGE_TYPES, type ChangeTypeName, type CurriculumRow, type CurriculumStatusName, type DeliveryModeName, type LearningApproachName } from '../../db/schema';
import { enumOf } from '../../graphql/enums';
import { Node } from '../../graphql/node';
import { Connection } from '../../graphql/connection';
import { Payload, UserError } from '../../graphql/payload';
import { DateTimeScalar } from '../../graphql/scalars';
import { UpsertOutcome, type UpsertOutcomeName } from '../competencies/upsert-outcome';

export const CurriculumStatus = enumOf(CURRICULUM_STATUSES, 'CurriculumStatus', 'Only PUBLISHED curricula take new cohorts');
export type CurriculumStatus = (typeof CURRICULUM_STATUSES)[number];

export const LearningApproach = enumOf(LEARNING_APPROACHES, 'LearningApproach');
export type LearningApproach = (typeof LEARNING_APPROACHES)[number];

export const DeliveryMode = enumOf(DELIVERY_MODES, 'DeliveryMode');
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export const ChangeType = enumOf(CHANGE_TYPES, 'ChangeType', 'RETIRED: an update that set the status to RETIRED');
export type ChangeType = (typeof CHANGE_TYPES)[number];

@ObjectType({ implements: Node, description: 'One version of a Corporate University curriculum, named by (code, version)' })
export class Curriculum extends Node {
  @Field(() => String)
  code!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => Int, { description: 'Starts at 1; +1 for every change of content' })
  revision!: number;

  @Field(() => CurriculumStatus)
  status!: CurriculumStatusName;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => LearningApproach)
  approach!: LearningApproachName;

  @Field(() => Int, { description: "Sum of the modules' JP" })
  totalJp!: number;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  ownerId!: number;
}

@ObjectType({ description: 'What a participant can do after the curriculum: a competency at a target level' })
export class LearningOutcome {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  statement!: string;

  @Field(() => Int, { description: 'Competency level (1-5) the outcome develops' })
  targetLevel!: number;

  competencyId!: number;
}

@ObjectType()
export class CurriculumModule {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  title!: string;

  @Field(() => Int, { description: 'Jam pelajaran (45-minute lesson hours)' })
  jp!: number;

  @Field(() => DeliveryMode)
  deliveryMode!: DeliveryModeName;

  @Field(() => Int, { description: 'Order of the module in the curriculum' })
  sequence!: number;

  id!: number;
}

@ObjectType()
export class CurriculumConnection extends Connection(Curriculum) {}

@ObjectType()
export class UpsertCurriculumPayload extends Payload {
  @Field(() => UpsertOutcome)
  outcome!: UpsertOutcomeName;

  @Field(() => Curriculum, { nullable: true, description: 'Null when INVALID; the current version on CONFLICT' })
  curriculum?: CurriculumRow | null;
}

@ObjectType({ description: 'The outcome of one curriculum of a syncCurricula batch' })
export class SyncCurriculumResult {
  @Field(() => String)
  code!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => UpsertOutcome)
  outcome!: UpsertOutcomeName;

  @Field(() => Curriculum, { nullable: true })
  curriculum!: CurriculumRow | null;

  @Field(() => [UserError], { description: 'Paths start at the batch input, e.g. ["curricula", "3", "modules", "0", "jp"]' })
  userErrors!: UserError[];
}

@ObjectType()
export class SyncCurriculaPayload extends Payload {
  @Field(() => Boolean)
  dryRun!: boolean;

  @Field(() => [SyncCurriculumResult], { nullable: true, description: 'One per input curriculum, in input order' })
  results?: SyncCurriculumResult[] | null;
}

@ObjectType({ description: 'One entry of the curriculum change feed' })
export class CurriculumChange {
  @Field(() => Int, { description: 'Strictly increasing across the feed' })
  sequence!: number;

  @Field(() => ChangeType)
  changeType!: ChangeTypeName;

  @Field(() => Int, { description: 'Revision the change produced' })
  revision!: number;

  @Field(() => DateTimeScalar)
  changedAt!: Date;

  curriculumId!: number;
}

@ObjectType()
export class CurriculumChangeConnection extends Connection(CurriculumChange) {}
