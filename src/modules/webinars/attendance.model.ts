import type { SessionAttendanceRow, UnmatchedAttendanceRow } from '../../db/schema';

/** An unmatched row as listed, with the offset of its session. */
export type UnmatchedRowView = Omit<UnmatchedAttendanceRow, 'raw'> & { raw: unknown; utcOffsetMinutes: number };

/** A learner's effective attendance of a session, with the offset its times are shown in. */
export type AttendanceView = SessionAttendanceRow & { utcOffsetMinutes: number };
