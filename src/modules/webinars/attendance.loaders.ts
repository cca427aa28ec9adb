import DataLoader from 'dataloader';
import { and, asc, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { selectByKeys } from '../../db/keyed';
import {
  attendanceImports,
  learners,
  sessionAttendance,
  unmatchedAttendanceRows,
  zoomIntervals,
  type AttendanceImportRow,
  type LearnerRow,
  type ZoomIntervalRow,
} from '../../db/schema';
import { groupByKey } from '../../core/by-key';
import { nameKeys } from './zoom/name-match';

const MAX_SUGGESTIONS = 5;

export interface SummaryCounts {
  attendees: number;
  totalMinutes: number;
  unmatchedRows: number;
}

const attendanceKey = (sessionId: number, learnerId: number) => `${sessionId}:${learnerId}`;

export function createAttendanceLoaders(db: Database) {
  return {
    /** Zoom join/leave spans per `sessionId:learnerId`, in time order. */
    intervalsByAttendance: new DataLoader<{ sessionId: number; learnerId: number }, ZoomIntervalRow[], string>(
      async (keys) => {
        const sessions = [...new Set(keys.map((k) => k.sessionId))];
        const people = [...new Set(keys.map((k) => k.learnerId))];
        const rows = db.read
          .select()
          .from(zoomIntervals)
          .where(and(inArray(zoomIntervals.sessionId, sessions), inArray(zoomIntervals.learnerId, people)))
          .orderBy(asc(zoomIntervals.joinedAt), asc(zoomIntervals.id))
          .all();
        return groupByKey(keys.map((k) => attendanceKey(k.sessionId, k.learnerId)), rows, (r) => attendanceKey(r.sessionId, r.learnerId));
      },
      { cacheKeyFn: (k) => attendanceKey(k.sessionId, k.learnerId) },
    ),
    /** Learners whose name equals a reading of a display name: proposals, never applied by themselves. */
    learnerSuggestionsByName: new DataLoader<string, LearnerRow[]>(async (names) => {
      const keysOf = names.map(nameKeys);
      const all = [...new Set(keysOf.flat())];
      const rows = all.length
        ? db.read
            .select()
            .from(learners)
            .where(inArray(sql`lower(${learners.name})`, all))
            .orderBy(asc(learners.name), asc(learners.id))
            .all()
        : [];
      return keysOf.map((keys) => rows.filter((r) => keys.includes(r.name.toLowerCase())).slice(0, MAX_SUGGESTIONS));
    }),
    importsBySession: new DataLoader<number, AttendanceImportRow[]>(async (ids) =>
      groupByKey(
        ids,
        selectByKeys(db.read, attendanceImports, attendanceImports.sessionId, ids, { column: attendanceImports.id, direction: 'desc' }),
        (r) => r.sessionId,
      ),
    ),
    attendanceSummaryBySession: new DataLoader<number, SummaryCounts>(async (ids) => {
      const totals = db.read
        .select({
          sessionId: sessionAttendance.sessionId,
          attendees: sql<number>`count(*) FILTER (WHERE ${sessionAttendance.minutes} > 0)`,
          totalMinutes: sql<number>`coalesce(sum(${sessionAttendance.minutes}), 0)`,
        })
        .from(sessionAttendance)
        .where(inArray(sessionAttendance.sessionId, [...ids]))
        .groupBy(sessionAttendance.sessionId)
        .all();
      const unmatched = db.read
        .select({ sessionId: unmatchedAttendanceRows.sessionId, n: sql<number>`count(*)` })
        .from(unmatchedAttendanceRows)
        .where(and(inArray(unmatchedAttendanceRows.sessionId, [...ids]), isNull(unmatchedAttendanceRows.resolvedLearnerId)))
        .groupBy(unmatchedAttendanceRows.sessionId)
        .all();
      const bySession = new Map(totals.map((t) => [t.sessionId, t]));
      const unmatchedBySession = new Map(unmatched.map((u) => [u.sessionId, u.n]));
      return ids.map((id) => ({
        attendees: bySession.get(id)?.attendees ?? 0,
        totalMinutes: bySession.get(id)?.totalMinutes ?? 0,
        unmatchedRows: unmatchedBySession.get(id) ?? 0,
      }));
    }),
  };
}
