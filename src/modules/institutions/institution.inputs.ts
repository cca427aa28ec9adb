import { Field, InputType, Int } from 'type-graphql';
import { InstitutionKind } from './institution.type';

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
}
