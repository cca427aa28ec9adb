import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { WEBHOOK_DELIVERY_STATUSES, type EventTypeName, type WebhookDeliveryRow, type WebhookDeliveryStatusName } from '../../db/schema';
import { Connection } from '../../graphql/connection';
import { enumOf } from '../../graphql/enums';
import { Node } from '../../graphql/node';
import { Payload } from '../../graphql/payload';
import { DateTimeScalar } from '../../graphql/scalars';
import { EventType } from '../events/event.type';
import type { WebhookSubscriptionView } from './webhook.service';

export const WebhookDeliveryStatus = enumOf(
  WEBHOOK_DELIVERY_STATUSES,
  'WebhookDeliveryStatus',
  'PENDING until a 2xx (DELIVERED) or 24 hours of failed attempts (FAILED)',
);

@ObjectType({ implements: Node, description: "A receiver of an institution subtree's events, POSTed and signed per Standard Webhooks" })
export class WebhookSubscription extends Node {
  @Field(() => String)
  url!: string;

  @Field(() => [EventType])
  eventTypes!: EventTypeName[];

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Boolean, { description: 'Inactive: nothing is sent, pending events are kept; set after 3 days without any 2xx' })
  active!: boolean;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  institutionId!: number;
}

@ObjectType({ implements: Node, description: "One event's delivery to one subscription" })
export class WebhookDelivery extends Node {
  @Field(() => WebhookDeliveryStatus)
  status!: WebhookDeliveryStatusName;

  @Field(() => Int, { description: 'Attempts so far' })
  attempts!: number;

  @Field(() => DateTimeScalar, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it is tried next (PENDING); a later event waits for it' })
  nextAttemptAt!: Date | null;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status at the last attempt" })
  responseStatus!: number | null;

  @Field(() => String, { nullable: true, description: "Why the last attempt failed, in Bangkom's words (never the receiver's body)" })
  lastError!: string | null;

  eventSequence!: number;
}

@ObjectType()
export class WebhookSubscriptionConnection extends Connection(WebhookSubscription) {}

@ObjectType()
export class WebhookDeliveryConnection extends Connection(WebhookDelivery) {}

@InputType()
export class WebhookDeliveryFilter {
  @Field(() => WebhookDeliveryStatus, { nullable: true })
  status?: WebhookDeliveryStatusName | null;
}

@InputType()
export class CreateWebhookSubscriptionInput {
  @Field(() => String, { description: 'Events of this institution and all below it' })
  institutionCode!: string;

  @Field(() => String, { description: 'https (http only with WEBHOOK_ALLOW_PRIVATE_NETWORKS=true); redirects are not followed' })
  url!: string;

  @Field(() => [EventType])
  eventTypes!: EventTypeName[];

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType()
export class UpdateWebhookSubscriptionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  url?: string | null;

  @Field(() => [EventType], { nullable: true })
  eventTypes?: EventTypeName[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true again: the pending events are sent, in order, at once' })
  active?: boolean | null;
}

@InputType()
export class RedeliverWebhookInput {
  @Field(() => ID)
  deliveryId!: string;
}

@ObjectType()
export class CreateWebhookSubscriptionPayload extends Payload {
  @Field(() => WebhookSubscription, { nullable: true })
  subscription?: WebhookSubscriptionView | null;

  @Field(() => String, { nullable: true, description: 'The signing secret (whsec_...), shown this once: store it now' })
  secret?: string | null;
}

@ObjectType()
export class UpdateWebhookSubscriptionPayload extends Payload {
  @Field(() => WebhookSubscription, { nullable: true })
  subscription?: WebhookSubscriptionView | null;
}

@ObjectType()
export class RedeliverWebhookPayload extends Payload {
  @Field(() => WebhookDelivery, { nullable: true })
  delivery?: WebhookDeliveryRow | null;
}
