import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../composition/context';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { Institution } from '../institutions/institution.type';
import { Event, EventConnection, EventFilter } from './event.type';
import type { FeedEvent } from './events.service';

@Authorized()
@Resolver(() => Event)
export class EventResolver {
  @Query(() => EventConnection, {
    description:
      'Events of your institution and all below it (certificate events also to the issuer), each once, in sequence order; poll with the last endCursor (an empty page returns it unchanged)',
    complexity: connectionComplexity,
  })
  events(
    @Arg('filter', () => EventFilter, { nullable: true }) filter: EventFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.events.list(ctx.viewer, filter, page);
  }

  @FieldResolver(() => Institution, { description: 'The learner\'s institution (the curriculum owner for CURRICULUM_CHANGED)' })
  institution(@Root() event: FeedEvent, @Ctx() ctx: Context) {
    return ctx.loaders.institutionById.load(event.institutionId);
  }
}
