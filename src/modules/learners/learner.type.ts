import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EMPLOYMENT_TYPES, PARTICIPANT_CATEGORIES, type LearnerRow } from '../../db/schema';
import { enumOf } from '../../graphql/enums';
import { Node } from '../../graphql/node';
import { Connection } from '../../graphql/connection';
import { Payload } from '../../graphql/payload';
import type { LearnerView } from './learner-view';

export const EmploymentType = enumOf(EMPLOYMENT_TYPES, 'EmploymentType', 'PNS (permanent) and PPPK (contract) are ASN with a NIP; NON_ASN participants are known by e-mail');
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

export enum LearnerOrderField {
  NAME = 'NAME',
  NIP = 'NIP',
  EARNED_JP = 'EARNED_JP',
}
registerEnumType(LearnerOrderField, { name: 'LearnerOrderField' });

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });

export const ParticipantCategory = enumOf(PARTICIPANT_CATEGORIES, 'ParticipantCategory', 'ASN, or the groups the poverty-reduction academy serves');

@ObjectType({ implements: Node, description: 'A civil servant (ASN) or another participant' })
export class Learner extends Node {
  @Field(() => String, { nullable: true, description: '18-digit NIP; null for NON_ASN participants' })
  nip!: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => EmploymentType)
  employmentType!: LearnerRow['employmentType'];

  @Field(() => Int)
  revision!: number;

  @Field(() => Boolean, { description: 'A deactivated learner keeps their history; lists show them only with includeInactive' })
  active!: boolean;

  institutionId!: number;
  positionId!: number | null;
}

@ObjectType()
export class LearnerConnection extends Connection(Learner) {}

@InputType()
export class LearnerOrder {
  @Field(() => LearnerOrderField)
  field!: LearnerOrderField;

  @Field(() => OrderDirection)
  direction!: OrderDirection;
}

@ObjectType()
export class ImportLearnersPayload extends Payload {
  @Field(() => Int, { nullable: true, description: 'Null when the batch was rejected (see userErrors)' })
  created?: number;

  @Field(() => Int, { nullable: true })
  updated?: number;

  @Field(() => Int, { nullable: true })
  unchanged?: number;
}

@ObjectType()
export class LearnerPayload extends Payload {
  @Field(() => Learner, { nullable: true, description: 'As changed; on REVISION_CONFLICT, as it is now' })
  learner?: LearnerView | null;
}
