import type { SessionAttendanceRow, UnmatchedAttendanceRow } from '../../db/schema';

/** An unmatched row as listed, with the offset of its session. */
export type UnmatchedRowView = Omit<UnmatchedAttendanceRow, 'raw'> & { raw: unknown; utcOffsetMinutes: number };

/** A learner's effective attendance of a session, with the offset its times are shown in. */
export type AttendanceView = SessionAttendanceRow & { utcOffsetMinutes: number };

export const UNMATCHED_ROW_STATUSES = ['OPEN', 'RESOLVED', 'DISMISSED'] as const;
export type UnmatchedRowStatusName = (typeof UNMATCHED_ROW_STATUSES)[number];

/** OPEN rows wait for an admin; RESOLVED ones went to a learner; DISMISSED ones keep their reason. */
export function unmatchedStatus(row: { resolvedLearnerId: number | null; dismissedAt: Date | null }): UnmatchedRowStatusName {
  if (row.resolvedLearnerId !== null) return 'RESOLVED';
  return row.dismissedAt ? 'DISMISSED' : 'OPEN';
}
