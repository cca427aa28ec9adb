import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type {
  ChangeTypeName,
  CurriculumRow,
  CurriculumStatusName,
  DeliveryModeName,
  LearningApproachName,
} from '../../db/schema';
import { Node } from '../../graphql/node';
import { Connection } from '../../graphql/connection';
import { Payload, UserError } from '../../graphql/payload';
import { DateTimeScalar } from '../../graphql/scalars';
import { UpsertOutcome, type UpsertOutcomeName } from '../competencies/upsert-outcome';

export enum CurriculumStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  RETIRED = 'RETIRED',
}
registerEnumType(CurriculumStatus, { name: 'CurriculumStatus', description: 'Only PUBLISHED curricula take new cohorts' });

export enum LearningApproach {
  OUTCOME_BASED = 'OUTCOME_BASED',
  COMPETENCY_BASED = 'COMPETENCY_BASED',
  CONVENTIONAL = 'CONVENTIONAL',
}
registerEnumType(LearningApproach, { name: 'LearningApproach' });

export enum DeliveryMode {
  CLASSROOM = 'CLASSROOM',
  E_LEARNING = 'E_LEARNING',
  BLENDED = 'BLENDED',
  WEBINAR = 'WEBINAR',
  FIELD_PROJECT = 'FIELD_PROJECT',
  COACHING = 'COACHING',
}
registerEnumType(DeliveryMode, { name: 'DeliveryMode' });

export enum ChangeType {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  RETIRED = 'RETIRED',
}
registerEnumType(ChangeType, { name: 'ChangeType', description: 'RETIRED: an update that set the status to RETIRED' });

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
