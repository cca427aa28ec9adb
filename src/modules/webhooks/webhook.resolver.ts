import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../composition/context';
import type { WebhookDeliveryRow } from '../../db/schema';
import { andThen } from '../../core/errors';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { withRowIds } from '../../graphql/node';
import { payload } from '../../graphql/payload';
import { Event } from '../events/event.type';
import { Institution } from '../institutions/institution.type';
import type { WebhookSubscriptionView } from './webhook.service';
import {
  CreateWebhookSubscriptionInput,
  CreateWebhookSubscriptionPayload,
  RedeliverWebhookInput,
  RedeliverWebhookPayload,
  UpdateWebhookSubscriptionInput,
  UpdateWebhookSubscriptionPayload,
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookDeliveryFilter,
  WebhookSubscription,
  WebhookSubscriptionConnection,
} from './webhook.type';

/**
 * A delivery is a small row and every subscription's page comes from one
 * statement (pagesByParent), so each costs half the usual: the contract's
 * WebhookDeliveries (20 subscriptions × 50 deliveries) stays under the limit.
 */
const deliveriesComplexity = (args: Parameters<typeof connectionComplexity>[0]) => Math.ceil(connectionComplexity(args) / 2);

@Authorized()
@Resolver(() => WebhookSubscription)
export class WebhookSubscriptionResolver {
  @Query(() => WebhookSubscriptionConnection, { description: 'Webhook subscriptions of your institutions (SUPERADMIN: all)', complexity: connectionComplexity })
  webhookSubscriptions(@Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.webhooks.list(ctx.viewer, page);
  }

  @Mutation(() => CreateWebhookSubscriptionPayload, { description: "Admins: POSTs the institution subtree's events of these types to a URL; the secret is shown once" })
  async createWebhookSubscription(@Arg('input', () => CreateWebhookSubscriptionInput) input: CreateWebhookSubscriptionInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.webhooks.create(ctx.viewer, input), (created) => created);
  }

  @Mutation(() => UpdateWebhookSubscriptionPayload, { description: 'Admins: change the URL or types, or (de)activate; activating again sends the pending events' })
  async updateWebhookSubscription(@Arg('input', () => UpdateWebhookSubscriptionInput) input: UpdateWebhookSubscriptionInput, @Ctx() ctx: Context) {
    const result = await andThen(withRowIds(input, { id: 'WebhookSubscription' }), (decoded) => ctx.services.webhooks.update(ctx.viewer, decoded));
    return payload(result, (subscription) => ({ subscription }));
  }

  @Mutation(() => RedeliverWebhookPayload, { description: 'Admins: send a delivery again, with the same webhook-id' })
  async redeliverWebhook(@Arg('input', () => RedeliverWebhookInput) input: RedeliverWebhookInput, @Ctx() ctx: Context) {
    const result = await andThen(withRowIds(input, { deliveryId: 'WebhookDelivery' }), (decoded) => ctx.services.webhooks.redeliver(ctx.viewer, decoded.deliveryId));
    return payload(result, (delivery) => ({ delivery }));
  }

  @FieldResolver(() => Institution)
  institution(@Root() subscription: WebhookSubscriptionView, @Ctx() ctx: Context) {
    return ctx.loaders.institutionById.load(subscription.institutionId);
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: 'Its deliveries, newest first', complexity: deliveriesComplexity })
  deliveries(
    @Root() subscription: WebhookSubscriptionView,
    @Arg('filter', () => WebhookDeliveryFilter, { nullable: true }) filter: WebhookDeliveryFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.loaders.deliveriesOfSubscription.load({ parent: subscription, args: { first: page.first, after: page.after, status: filter?.status } });
  }
}

@Authorized()
@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => Event)
  event(@Root() delivery: WebhookDeliveryRow, @Ctx() ctx: Context) {
    return ctx.loaders.eventBySequence.load(delivery.eventSequence);
  }
}
