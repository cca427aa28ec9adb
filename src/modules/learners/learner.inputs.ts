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
