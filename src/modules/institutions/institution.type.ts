import { Field, Int, ObjectType } from 'type-graphql';
import { INSTITUTION_KINDS, TIME_ZONES, type InstitutionRow } from '../../db/schema';
import { enumOf } from '../../graphql/enums';
import { Node } from '../../graphql/node';
import { Connection } from '../../graphql/connection';
import { Payload } from '../../graphql/payload';

export const InstitutionKind = enumOf(INSTITUTION_KINDS, 'InstitutionKind', 'LAN and BP Taskin are national agencies, a BPSDM a training agency, an OPD a government unit, a BUMDes a community partner');
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export const IndonesianTimeZone = enumOf(TIME_ZONES, 'IndonesianTimeZone', 'WIB (UTC+7), WITA (UTC+8), WIT (UTC+9)');

@ObjectType({ implements: Node, description: 'A government body or partner in the institution tree' })
export class Institution extends Node {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => InstitutionKind)
  kind!: InstitutionRow['kind'];

  @Field(() => String, { nullable: true })
  region!: string | null;

  @Field(() => Boolean, { description: 'Runs its own Corporate University (Peraturan LAN 6/2023)' })
  isCorporateUniversity!: boolean;

  @Field(() => Int, { nullable: true, description: 'Yearly JP target for its ASN when it differs from the national 20' })
  targetJp!: number | null;

  @Field(() => Int, { description: 'Raised by one at every change of its own fields' })
  revision!: number;

  parentId!: number | null;
  path!: string;
  /** As set; the field `timeZone` answers the inherited one. */
  timeZone!: InstitutionRow['timeZone'];
}

@ObjectType()
export class InstitutionConnection extends Connection(Institution) {}

@ObjectType()
export class CreateInstitutionPayload extends Payload {
  @Field(() => Institution, { nullable: true })
  institution?: InstitutionRow | null;
}

@ObjectType()
export class UpdateInstitutionPayload extends Payload {
  @Field(() => Institution, { nullable: true, description: 'As changed; on REVISION_CONFLICT, as it is now' })
  institution?: InstitutionRow | null;
}
