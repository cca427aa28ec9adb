import { Extensions, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { EVENT_TYPES, type EventTypeName } from '../../db/schema';
import { Connection } from '../../graphql/connection';
import { enumOf } from '../../graphql/enums';
import { OWN_ID } from '../../graphql/node';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';

export const EventType = enumOf(EVENT_TYPES, 'EventType', 'What happened; each is written in the transaction of its change');

@ObjectType({ description: 'Something an HR system cares about, written in the same transaction as the change' })
export class Event {
  @Field(() => ID, { description: 'Stable (evt_ and 32 hex digits): a receiver deduplicates by it' })
  @Extensions(OWN_ID)
  id!: string;

  @Field(() => Int, { description: 'Commit order, strictly increasing across the feed' })
  sequence!: number;

  @Field(() => EventType)
  type!: EventTypeName;

  @Field(() => DateTimeScalar)
  occurredAt!: Date;

  @Field(() => JSONScalar, { description: 'The learner (NIP or e-mail), certificate number, JP and institution code as they were then' })
  payload!: unknown;

  institutionId!: number;
}

@ObjectType()
export class EventConnection extends Connection(Event) {}

@InputType()
export class EventFilter {
  @Field(() => [EventType], { nullable: true })
  types?: EventTypeName[] | null;

  @Field(() => String, { nullable: true, description: "That institution's subtree, inside yours" })
  institutionCode?: string | null;
}
