import { Field, ID, InputType, Int } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';
import type { PovertyStrategyName, TkpkProgramGroupName } from '../../db/schema';
import { PovertyStrategy, TkpkProgramGroup } from '../tkpk/tkpk.type';
import { Platform } from './webinar.type';

@InputType()
export class CreateWebinarSeriesInput {
  @Field(() => String, { description: 'Short unique code, e.g. MITK' })
  code!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { description: 'Code of the organising institution' })
  organizerCode!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType()
export class WebinarChannelInput {
  @Field(() => Platform)
  platform!: Platform;

  @Field(() => String, { nullable: true, description: 'http(s) link, e.g. the YouTube stream' })
  url?: string | null;
}

@InputType()
export class ScheduleWebinarSessionInput {
  @Field(() => String)
  seriesCode!: string;

  @Field(() => Int, { description: 'Session number within the series, e.g. 41' })
  number!: number;

  @Field(() => String)
  title!: string;

  @Field(() => DateTimeScalar, { description: 'With the offset it is held in (WIB +07:00, WITA +08:00, WIT +09:00); the session keeps it' })
  startsAt!: string;

  @Field(() => DateTimeScalar)
  endsAt!: string;

  @Field(() => Int)
  jp!: number;

  @Field(() => [WebinarChannelInput], { nullable: true })
  channels?: WebinarChannelInput[] | null;

  @Field(() => [String], { nullable: true, description: 'Codes of the competencies the session develops' })
  competencyCodes?: string[] | null;

  @Field(() => String, { nullable: true })
  certificateRuleCode?: string | null;

  @Field(() => [TkpkProgramGroup], { nullable: true, description: 'Poverty-reduction program groups it serves (Permendagri 53/2020)' })
  programGroups?: TkpkProgramGroupName[] | null;

  @Field(() => [PovertyStrategy], { nullable: true, description: 'Poverty-reduction strategies it serves' })
  strategies?: PovertyStrategyName[] | null;
}

@InputType()
export class WebinarSessionFilter {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Sessions starting at or after' })
  from?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Sessions starting before' })
  to?: string | null;

  @Field(() => String, { nullable: true })
  competencyCode?: string | null;

  @Field(() => String, { nullable: true })
  seriesCode?: string | null;

  @Field(() => String, { nullable: true })
  organizerCode?: string | null;
}

@InputType({ description: 'A learner registers themself (name nobody); an admin registers learners of their own institutions' })
export class RegisterForWebinarSessionInput {
  @Field(() => ID)
  sessionId!: string;

  @Field(() => [String], { nullable: true, description: 'NIPs of ASN learners' })
  nips?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'E-mails of learners without a NIP' })
  emails?: string[] | null;
}

@InputType()
export class WebinarSeriesFilter {
  @Field(() => String, { nullable: true, description: 'Series organised by this institution or one below it' })
  organizerCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Part of the code or title, any case' })
  search?: string | null;

  @Field(() => String, { nullable: true })
  code?: string | null;
}

@InputType({ description: 'An omitted field stays as it is; a list that is sent replaces the whole list' })
export class UpdateWebinarSessionInput {
  @Field(() => ID)
  sessionId!: string;

  @Field(() => Int, { nullable: true, description: 'The revision you read; a stale one is REVISION_CONFLICT and nothing is written' })
  expectedRevision?: number | null;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Rescheduling re-judges eligibility from now on; issued certificates keep theirs' })
  startsAt?: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  endsAt?: string | null;

  @Field(() => Int, { nullable: true })
  jp?: number | null;

  @Field(() => String, { nullable: true, description: 'null: no rule (nobody becomes eligible)' })
  certificateRuleCode?: string | null;

  @Field(() => [WebinarChannelInput], { nullable: true })
  channels?: WebinarChannelInput[] | null;

  @Field(() => [String], { nullable: true })
  competencyCodes?: string[] | null;

  @Field(() => [TkpkProgramGroup], { nullable: true })
  programGroups?: TkpkProgramGroupName[] | null;

  @Field(() => [PovertyStrategy], { nullable: true })
  strategies?: PovertyStrategyName[] | null;
}

@InputType()
export class CancelWebinarSessionInput {
  @Field(() => ID)
  sessionId!: string;

  @Field(() => String)
  reason!: string;
}
