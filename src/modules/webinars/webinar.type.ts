import { Field, Int, ObjectType } from 'type-graphql';
import { PLATFORMS, SESSION_STATUSES, type WebinarSeriesRow } from '../../db/schema';
import { enumOf } from '../../graphql/enums';
import type { SessionView } from './webinar.model';
import { Node } from '../../graphql/node';
import { Connection } from '../../graphql/connection';
import { Payload } from '../../graphql/payload';

export const Platform = enumOf(PLATFORMS, 'Platform', 'Where a webinar is held or streamed');
export type Platform = (typeof PLATFORMS)[number];


export const SessionStatus = enumOf(SESSION_STATUSES, 'SessionStatus', 'A CANCELLED session takes no evidence and issues no certificate; it stays listed');

@ObjectType({ implements: Node, description: 'A webinar series, e.g. "Menuju Indonesia Tanpa Kemiskinan" by BPSDM Jawa Timur' })
export class WebinarSeries extends Node {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  organizerId!: number;
}

@ObjectType({ description: 'A platform a session runs on' })
export class WebinarChannel {
  @Field(() => Platform)
  platform!: Platform;

  @Field(() => String, { nullable: true })
  url!: string | null;
}

@ObjectType({ implements: Node, description: 'One numbered session of a webinar series' })
export class WebinarSession extends Node {
  @Field(() => Int)
  number!: number;

  @Field(() => String)
  title!: string;

  @Field(() => Int, { description: 'Lesson hours (JP) a certificate for this session earns' })
  jp!: number;

  @Field(() => String, { nullable: true, description: 'Code of the certificate rule that decides eligibility' })
  certificateRuleCode!: string | null;

  @Field(() => Int)
  revision!: number;

  @Field(() => SessionStatus)
  status!: (typeof SESSION_STATUSES)[number];

  @Field(() => String, { nullable: true })
  cancellationReason!: string | null;

  seriesId!: number;
  utcOffsetMinutes!: number;
}

@ObjectType()
export class WebinarSessionConnection extends Connection(WebinarSession) {}

@ObjectType()
export class WebinarSeriesConnection extends Connection(WebinarSeries) {}

@ObjectType()
export class CreateWebinarSeriesPayload extends Payload {
  @Field(() => WebinarSeries, { nullable: true })
  series?: WebinarSeriesRow | null;
}

@ObjectType()
export class ScheduleWebinarSessionPayload extends Payload {
  @Field(() => WebinarSession, { nullable: true })
  session?: SessionView | null;
}

@ObjectType()
export class RegisterForWebinarSessionPayload extends Payload {
  @Field(() => Int, { nullable: true, description: 'Newly registered; null when nothing was written' })
  registered?: number | null;

  @Field(() => Int, { nullable: true })
  alreadyRegistered?: number | null;
}

@ObjectType()
export class SessionPayload extends Payload {
  @Field(() => WebinarSession, { nullable: true, description: 'As changed; on REVISION_CONFLICT, as it is now' })
  session?: SessionView | null;
}
