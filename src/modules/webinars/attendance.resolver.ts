import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { andThen } from '../../core/errors';
import { withRowIds } from '../../graphql/node';
import type { Context } from '../../composition/context';
import { payload } from '../../graphql/payload';
import { DateTimeScalar } from '../../graphql/scalars';
import { Learner } from '../learners/learner.type';
import { DismissUnmatchedAttendanceInput, ImportZoomAttendanceInput, RecordAttendanceInput, ResolveUnmatchedAttendanceInput } from './attendance.inputs';
import {
  AttendanceInterval,
  DismissUnmatchedAttendancePayload,
  ImportZoomAttendancePayload,
  RecordAttendancePayload,
  ResolveUnmatchedAttendancePayload,
  WebinarAttendance,
} from './attendance.type';
import type { AttendanceView } from './attendance.model';
import { WebinarSession } from './webinar.type';
import { formatInOffset } from './zoom/zoom-time';

@Authorized()
@Resolver(() => WebinarAttendance)
export class AttendanceResolver {
  @Mutation(() => ImportZoomAttendancePayload, {
    description: 'Imports a Zoom participant or attendee report; the same file again for the session changes nothing (duplicate: true)',
  })
  async importZoomAttendance(@Arg('input', () => ImportZoomAttendanceInput) input: ImportZoomAttendanceInput, @Ctx() ctx: Context) {
    const decoded = withRowIds(input, { sessionId: 'WebinarSession' });
    return payload(await andThen(decoded, (i) => ctx.services.attendanceImports.importZoom(ctx.viewer, i)), (outcome) => ({ import: outcome }));
  }

  @Mutation(() => RecordAttendancePayload, { description: 'FORM (attendance form, e.g. YouTube viewers) or MANUAL (an admin’s correction) evidence' })
  async recordAttendance(@Arg('input', () => RecordAttendanceInput) input: RecordAttendanceInput, @Ctx() ctx: Context) {
    const decoded = withRowIds(input, { sessionId: 'WebinarSession' });
    return payload(await andThen(decoded, (i) => ctx.services.attendance.record(ctx.viewer, i)), (recorded) => ({ recorded }));
  }

  @Mutation(() => ResolveUnmatchedAttendancePayload, { description: 'Gives an unmatched report row (and the same person’s other rows) to a learner' })
  async resolveUnmatchedAttendance(
    @Arg('input', () => ResolveUnmatchedAttendanceInput) input: ResolveUnmatchedAttendanceInput,
    @Ctx() ctx: Context,
  ) {
    const decoded = withRowIds(input, { rowId: 'UnmatchedAttendanceRow', learnerId: 'Learner' });
    return payload(await andThen(decoded, (i) => ctx.services.attendance.resolveUnmatched(ctx.viewer, i)), (attendance) => ({ attendance }));
  }

  @Mutation(() => DismissUnmatchedAttendancePayload, { description: 'Takes OPEN report rows (a host, a test account) out of the queue, keeping the reason' })
  async dismissUnmatchedAttendance(@Arg('input', () => DismissUnmatchedAttendanceInput) input: DismissUnmatchedAttendanceInput, @Ctx() ctx: Context) {
    const decoded = withRowIds(input, { rowIds: 'UnmatchedAttendanceRow' });
    return payload(await andThen(decoded, (i) => ctx.services.attendance.dismissUnmatched(ctx.viewer, i)), (dismissed) => ({ dismissed }));
  }

  @FieldResolver(() => Learner)
  learner(@Root() attendance: AttendanceView, @Ctx() ctx: Context) {
    return ctx.loaders.learnerById.load(attendance.learnerId);
  }

  @FieldResolver(() => WebinarSession)
  session(@Root() attendance: AttendanceView, @Ctx() ctx: Context) {
    return ctx.loaders.webinarSessionById.load(attendance.sessionId);
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'Earliest join (Zoom), else the recorded join time' })
  firstJoinAt(@Root() attendance: AttendanceView): string | null {
    return attendance.firstJoinAt && formatInOffset(attendance.firstJoinAt.getTime(), attendance.utcOffsetMinutes);
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true })
  lastLeaveAt(@Root() attendance: AttendanceView): string | null {
    return attendance.lastLeaveAt && formatInOffset(attendance.lastLeaveAt.getTime(), attendance.utcOffsetMinutes);
  }

  @FieldResolver(() => [AttendanceInterval], {
    description: 'Every join/leave span the Zoom reports show (waiting room excluded), in time order; minutes count their union',
  })
  async intervals(@Root() attendance: AttendanceView, @Ctx() ctx: Context): Promise<AttendanceInterval[]> {
    const rows = await ctx.loaders.intervalsByAttendance.load(attendance);
    return rows.flatMap((r) =>
      r.joinedAt && r.leftAt
        ? [{ joinedAt: formatInOffset(r.joinedAt.getTime(), attendance.utcOffsetMinutes), leftAt: formatInOffset(r.leftAt.getTime(), attendance.utcOffsetMinutes) }]
        : [],
    );
  }
}
