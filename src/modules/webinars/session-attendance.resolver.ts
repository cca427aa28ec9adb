import { Arg, Args, Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../composition/context';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { DateTimeScalar } from '../../graphql/scalars';
import { Learner } from '../learners/learner.type';
import {
  AttendanceImport,
  AttendanceSummary,
  UnmatchedAttendanceRow,
  UnmatchedAttendanceRowConnection,
  UnmatchedRowStatus,
  WebinarAttendanceConnection,
} from './attendance.type';
import { unmatchedStatus, type UnmatchedRowView } from './attendance.model';
import { formatInOffset } from './zoom/zoom-time';
import { outcomeOf } from './attendance-import.service';
import type { SessionView } from './webinar.model';
import { WebinarSession } from './webinar.type';
import { UnmatchedAttendanceFilter } from './attendance.inputs';

/** A session's attendance, for the organiser's admins. */
@Authorized()
@Resolver(() => WebinarSession)
export class SessionAttendanceResolver {
  @FieldResolver(() => WebinarAttendanceConnection, { complexity: connectionComplexity, description: 'By learner name' })
  attendances(@Root() session: SessionView, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.attendance.listForSession(ctx.viewer, session, page);
  }

  @FieldResolver(() => UnmatchedAttendanceRowConnection, {
    complexity: connectionComplexity,
    description: 'Report rows no learner matched, in file order: the OPEN ones unless the filter asks for another status',
  })
  unmatchedAttendance(
    @Root() session: SessionView,
    @Arg('filter', () => UnmatchedAttendanceFilter, { nullable: true }) filter: UnmatchedAttendanceFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.attendance.listUnmatched(ctx.viewer, session, { ...page, status: filter?.status });
  }

  @FieldResolver(() => AttendanceSummary)
  async attendanceSummary(@Root() session: SessionView, @Ctx() ctx: Context): Promise<AttendanceSummary> {
    const counts = await ctx.loaders.attendanceSummaryBySession.load(session);
    return { ...counts, averageMinutes: counts.attendees ? counts.totalMinutes / counts.attendees : 0 };
  }

  @FieldResolver(() => [AttendanceImport], { description: 'Zoom reports imported for this session, newest first' })
  async imports(@Root() session: SessionView, @Ctx() ctx: Context) {
    return (await ctx.loaders.importsBySession.load(session)).map((row) => outcomeOf(row, false));
  }
}

@Authorized()
@Resolver(() => UnmatchedAttendanceRow)
export class UnmatchedAttendanceRowResolver {
  @FieldResolver(() => UnmatchedRowStatus)
  status(@Root() row: UnmatchedRowView) {
    return unmatchedStatus(row);
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'In the offset of the session' })
  joinedAt(@Root() row: UnmatchedRowView): string | null {
    return row.joinedAt && formatInOffset(row.joinedAt.getTime(), row.utcOffsetMinutes);
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true })
  leftAt(@Root() row: UnmatchedRowView): string | null {
    return row.leftAt && formatInOffset(row.leftAt.getTime(), row.utcOffsetMinutes);
  }

  @FieldResolver(() => [Learner], {
    description: 'Learners whose name matches the display name (without device suffixes or titles): for an admin to confirm with resolveUnmatchedAttendance, never applied automatically',
  })
  suggestedLearners(@Root() row: UnmatchedRowView, @Ctx() ctx: Context) {
    return ctx.loaders.learnerSuggestions.load(row);
  }
}
