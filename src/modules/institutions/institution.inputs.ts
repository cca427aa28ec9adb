import { Field, InputType, Int } from 'type-graphql';
import { IndonesianTimeZone, InstitutionKind } from './institution.type';
import type { TimeZoneName } from '../../db/schema';

@InputType()
export class CreateInstitutionInput {
  @Field(() => String, { description: 'Short unique code, e.g. BPSDM-JATIM' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => InstitutionKind)
  kind!: InstitutionKind;

  @Field(() => String, { nullable: true, description: 'Code of the parent institution' })
  parentCode?: string | null;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  isCorporateUniversity?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Yearly JP target for its ASN, if not the national 20' })
  targetJp?: number | null;

  @Field(() => IndonesianTimeZone, { nullable: true, description: 'Default: inherited from the parent, else WIB' })
  timeZone?: TimeZoneName | null;
}

@InputType({ description: 'An omitted field stays as it is; null clears a field that may be empty' })
export class UpdateInstitutionInput {
  @Field(() => String)
  code!: string;

  @Field(() => Int, { nullable: true, description: 'The revision you read; a stale one is REVISION_CONFLICT and nothing is written' })
  expectedRevision?: number | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Moves the institution and its subtree; null makes it top-level (SUPERADMIN)' })
  parentCode?: string | null;

  @Field(() => Int, { nullable: true, description: 'null: the national 20' })
  targetJp?: number | null;

  @Field(() => Boolean, { nullable: true })
  isCorporateUniversity?: boolean | null;

  @Field(() => IndonesianTimeZone, { nullable: true, description: 'null: inherit the parent’s' })
  timeZone?: TimeZoneName | null;
}
