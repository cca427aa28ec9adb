import { Field, InputType } from 'type-graphql';
import { EmploymentType } from './learner.type';

@InputType()
export class LearnerInput {
  @Field(() => String, { nullable: true, description: 'Required for PNS and PPPK' })
  nip?: string | null;

  @Field(() => String, { nullable: true, description: 'Required for NON_ASN' })
  email?: string | null;

  @Field(() => String)
  name!: string;

  @Field(() => EmploymentType)
  employmentType!: EmploymentType;

  @Field(() => String, { nullable: true })
  positionCode?: string | null;
}

@InputType()
export class ImportLearnersInput {
  @Field(() => String)
  institutionCode!: string;

  @Field(() => [LearnerInput])
  learners!: LearnerInput[];
}

@InputType()
export class LearnerFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name or e-mail (3 characters or more, any case), or the first digits of a NIP' })
  search?: string | null;

  @Field(() => String, { nullable: true, description: 'Learners of this institution and every one below it' })
  institutionCode?: string | null;

  @Field(() => EmploymentType, { nullable: true })
  employmentType?: EmploymentType | null;

  @Field(() => Boolean, { nullable: true, description: 'Deactivated learners too (default false)' })
  includeInactive?: boolean | null;
}
