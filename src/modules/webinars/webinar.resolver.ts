import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { andThen } from '../../core/errors';
import { withRowIds } from '../../graphql/node';
import type { WebinarSeriesRow } from '../../db/schema';
import { PUBLIC } from '../../graphql/auth-checker';
import type { Context } from '../../composition/context';
import { Competency } from '../competencies/competency.type';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { payload } from '../../graphql/payload';
import { DateTimeScalar } from '../../graphql/scalars';
import { Institution } from '../institutions/institution.type';
import { formatInOffset } from './zoom/zoom-time';
import { CancelWebinarSessionInput, CreateWebinarSeriesInput, RegisterForWebinarSessionInput, ScheduleWebinarSessionInput, UpdateWebinarSessionInput, WebinarSeriesFilter, WebinarSessionFilter } from './webinar.inputs';
import {
  CreateWebinarSeriesPayload,
  RegisterForWebinarSessionPayload,
  SessionPayload,
  ScheduleWebinarSessionPayload,
  WebinarChannel,
  WebinarSeries,
  WebinarSeriesConnection,
  WebinarSession,
  WebinarSessionConnection,
} from './webinar.type';
import type { SessionView } from './webinar.model';

@Authorized()
@Resolver(() => WebinarSeries)
export class WebinarSeriesResolver {
  @Query(() => WebinarSeriesConnection, { description: 'Series whose organiser you manage, newest first', complexity: connectionComplexity })
  webinarSeries(
    @Arg('filter', () => WebinarSeriesFilter, { nullable: true }) filter: WebinarSeriesFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webinars.listSeries(ctx.viewer, filter ?? {}, page);
  }

  @Mutation(() => CreateWebinarSeriesPayload)
  async createWebinarSeries(@Arg('input', () => CreateWebinarSeriesInput) input: CreateWebinarSeriesInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.webinars.createSeries(ctx.viewer, input), (series) => ({ series }));
  }

  @Authorized(PUBLIC)
  @FieldResolver(() => Institution)
  organizer(@Root() series: WebinarSeriesRow, @Ctx() ctx: Context) {
    return ctx.loaders.institutionById.load(series.organizerId);
  }

  @Authorized(PUBLIC)
  @FieldResolver(() => WebinarSessionConnection, { description: 'Its sessions by start time, cancelled ones included', complexity: connectionComplexity })
  sessions(@Root() series: WebinarSeriesRow, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.loaders.sessionsOfSeries.load({ parent: series, args: { first: page.first, after: page.after } });
  }
}

@Authorized()
@Resolver(() => WebinarSession)
export class WebinarSessionResolver {
  @Mutation(() => RegisterForWebinarSessionPayload, {
    description:
      'Registers for a session: a LEARNER themself, or an admin the learners of its own institutions. An organiser records evidence (attendance, scores) only for its own learners and registered ones.',
  })
  async registerForWebinarSession(@Arg('input', () => RegisterForWebinarSessionInput) input: RegisterForWebinarSessionInput, @Ctx() ctx: Context) {
    const decoded = withRowIds(input, { sessionId: 'WebinarSession' });
    return payload(await andThen(decoded, (i) => ctx.services.registrations.register(ctx.viewer, i)), (outcome) => outcome);
  }

  @Authorized(PUBLIC)
  @Query(() => WebinarSession, { nullable: true, description: 'A session by series code and number (public catalogue)' })
  webinarSession(@Arg('seriesCode', () => String) seriesCode: string, @Arg('number', () => Int) number: number, @Ctx() ctx: Context) {
    return ctx.services.webinars.getSession(seriesCode, number);
  }

  @Authorized(PUBLIC)
  @Query(() => WebinarSessionConnection, { description: 'Upcoming or past sessions by start time (public catalogue); cancelled sessions are left out', complexity: connectionComplexity })
  webinarSessions(
    @Arg('filter', () => WebinarSessionFilter, { nullable: true }) filter: WebinarSessionFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webinars.listSessions(filter ?? {}, page);
  }

  @Mutation(() => ScheduleWebinarSessionPayload)
  async scheduleWebinarSession(@Arg('input', () => ScheduleWebinarSessionInput) input: ScheduleWebinarSessionInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.webinars.scheduleSession(ctx.viewer, input), (session) => ({ session }));
  }

  @Mutation(() => SessionPayload, { description: 'Changes a session; a list that is sent replaces the whole list; audited' })
  async updateWebinarSession(@Arg('input', () => UpdateWebinarSessionInput) input: UpdateWebinarSessionInput, @Ctx() ctx: Context) {
    const decoded = withRowIds(input, { sessionId: 'WebinarSession' });
    return payload(await andThen(decoded, (i) => ctx.services.webinars.updateSession(ctx.viewer, i)), (session) => ({ session }));
  }

  @Mutation(() => SessionPayload, { description: 'Cancels a session: it stays listed in its series, takes no attendance or scores and issues no certificate' })
  async cancelWebinarSession(@Arg('input', () => CancelWebinarSessionInput) input: CancelWebinarSessionInput, @Ctx() ctx: Context) {
    const decoded = withRowIds(input, { sessionId: 'WebinarSession' });
    return payload(await andThen(decoded, (i) => ctx.services.webinars.cancelSession(ctx.viewer, i)), (session) => ({ session }));
  }

  @Authorized(PUBLIC)
  @FieldResolver(() => DateTimeScalar, { description: 'In the offset the session was scheduled in' })
  startsAt(@Root() session: SessionView): string {
    return formatInOffset(session.startsAt.getTime(), session.utcOffsetMinutes);
  }

  @Authorized(PUBLIC)
  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'In the offset of startsAt' })
  cancelledAt(@Root() session: SessionView): string | null {
    return session.cancelledAt && formatInOffset(session.cancelledAt.getTime(), session.utcOffsetMinutes);
  }

  @Authorized(PUBLIC)
  @FieldResolver(() => DateTimeScalar, { description: 'In the offset of startsAt' })
  endsAt(@Root() session: SessionView): string {
    return formatInOffset(session.endsAt.getTime(), session.utcOffsetMinutes);
  }

  @Authorized(PUBLIC)
  @FieldResolver(() => WebinarSeries)
  series(@Root() session: SessionView, @Ctx() ctx: Context) {
    return ctx.loaders.webinarSeriesById.load(session.seriesId);
  }

  @Authorized(PUBLIC)
  @FieldResolver(() => [WebinarChannel])
  channels(@Root() session: SessionView, @Ctx() ctx: Context) {
    return ctx.loaders.channelsBySession.load(session.id);
  }

  @Authorized(PUBLIC)
  @FieldResolver(() => [Competency], { description: 'Competencies the session develops' })
  async competencies(@Root() session: SessionView, @Ctx() ctx: Context) {
    const codes = await ctx.loaders.competencyCodesBySession.load(session.id);
    const found = await ctx.loaders.competencyByCode.loadMany(codes);
    return found.filter((c) => c !== null && !(c instanceof Error));
  }
}
