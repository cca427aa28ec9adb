import { Field, ID, InputType, Int } from 'type-graphql';
import type { ParticipantCategoryName } from '../../db/schema';
import { EmploymentType, ParticipantCategory } from './learner.type';

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

  @Field(() => ParticipantCategory, { nullable: true, description: 'Default: ASN for PNS and PPPK, OTHER for NON_ASN' })
  participantCategory?: ParticipantCategoryName | null;
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

@InputType({ description: 'An omitted field stays as it is; null clears a field that may be empty' })
export class UpdateLearnerInput {
  @Field(() => ID)
  learnerId!: string;

  @Field(() => Int, { nullable: true, description: 'The revision you read; a stale one is REVISION_CONFLICT and nothing is written' })
  expectedRevision?: number | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  nip?: string | null;

  @Field(() => EmploymentType, { nullable: true })
  employmentType?: EmploymentType | null;

  @Field(() => String, { nullable: true })
  positionCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Moves the learner, from inside your subtree to a place inside it' })
  institutionCode?: string | null;

  @Field(() => ParticipantCategory, { nullable: true })
  participantCategory?: ParticipantCategoryName | null;
}

@InputType()
export class DeactivateLearnerInput {
  @Field(() => ID)
  learnerId!: string;

  @Field(() => String)
  reason!: string;
}
