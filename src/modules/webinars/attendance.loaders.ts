import { OPEN_ROWS } from './attendance.service';
import DataLoader from 'dataloader';
import { and, asc, inArray, sql } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { forbidden } from '../../core/errors';
import type { Database } from '../../db/database';
import {
  attendanceImports,
  sessionAttendance,
  unmatchedAttendanceRows,
  zoomIntervals,
  type AttendanceImportRow,
  type ZoomIntervalRow,
} from '../../db/schema';
import { groupByKey } from '../../core/by-key';
import { nameKeys } from './zoom/name-match';
import { learnersNamed } from '../learners/learner-matcher';
import { presentLearner, type LearnerView } from '../learners/learner-view';
import type { SessionView } from './webinar.model';

const MAX_SUGGESTIONS = 5;

export interface SummaryCounts {
  attendees: number;
  totalMinutes: number;
  unmatchedRows: number;
}

const attendanceKey = (sessionId: number, learnerId: number) => `${sessionId}:${learnerId}`;

/**
 * A batch over sessions that only the organiser's admins may see: the others'
 * keys answer FORBIDDEN, and only the managed ones are computed.
 */
function managedSessions<R>(viewer: Viewer, compute: (ids: number[]) => Promise<R[]>) {
  return async (sessions: readonly SessionView[]): Promise<(R | Error)[]> => {
    const managed = sessions.filter((s) => policy.canManageWebinar(viewer, s.organizerPath));
    const results = new Map((await compute(managed.map((s) => s.id))).map((r, i) => [managed[i].id, r]));
    return sessions.map((s) => (results.has(s.id) ? results.get(s.id)! : forbidden('Only the organiser’s admins may see this attendance')));
  };
}

export function createAttendanceLoaders(db: Database, viewer: Viewer) {
  const scope = policy.scopePath(viewer);
  return {
    /** Zoom join/leave spans per `sessionId:learnerId`, in time order. */
    intervalsByAttendance: new DataLoader<{ sessionId: number; learnerId: number }, ZoomIntervalRow[], string>(
      async (keys) => {
        const sessions = [...new Set(keys.map((k) => k.sessionId))];
        const people = [...new Set(keys.map((k) => k.learnerId))];
        const rows = await db.read
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
    /**
     * Proposals come only from learners the organiser may record evidence for
     * (see `policy.canRecordEvidence`); each shows what the viewer may see of them.
     */
    learnerSuggestions: new DataLoader<{ sessionId: number; displayName: string }, LearnerView[], string>(
      async (rows) => {
        const bySession = new Map<number, string[]>();
        for (const r of rows) bySession.set(r.sessionId, [...(bySession.get(r.sessionId) ?? []), ...nameKeys(r.displayName)]);
        const found = new Map<number, Awaited<ReturnType<typeof learnersNamed>>>();
        for (const [sessionId, keys] of bySession) {
          found.set(sessionId, (await learnersNamed(db.read, [...new Set(keys)], scope ?? '', sessionId)).filter((l) => policy.canRecordEvidence(viewer, l, l.registered)));
        }
        return rows.map((r) => {
          const keys = nameKeys(r.displayName);
          return found
            .get(r.sessionId)!
            .filter((l) => keys.includes(l.name.toLowerCase()))
            .slice(0, MAX_SUGGESTIONS)
            .map(({ registered: _registered, ...l }) => presentLearner(viewer, l));
        });
      },
      { cacheKeyFn: (r) => `${r.sessionId}:${r.displayName}` },
    ),
    importsBySession: new DataLoader<SessionView, AttendanceImportRow[], number>(
      managedSessions(viewer, async (ids) =>
        // A literal IN list and no ORDER BY: with json_each or an id order, a table of a few hundred imports looked cheaper to scan.
        groupByKey(ids, await db.read.select().from(attendanceImports).where(inArray(attendanceImports.sessionId, ids)).all(), (r) => r.sessionId).map((rows) =>
          rows.sort((a, b) => b.id - a.id),
        ),
      ),
      { cacheKeyFn: (s) => s.id },
    ),
    attendanceSummaryBySession: new DataLoader<SessionView, SummaryCounts, number>(
      managedSessions(viewer, async (ids) => {
        const totals = await db.read
          .select({
            sessionId: sessionAttendance.sessionId,
            attendees: sql<number>`count(*) FILTER (WHERE ${sessionAttendance.minutes} > 0)`,
            totalMinutes: sql<number>`coalesce(sum(${sessionAttendance.minutes}), 0)`,
          })
          .from(sessionAttendance)
          .where(inArray(sessionAttendance.sessionId, [...ids]))
          .groupBy(sessionAttendance.sessionId)
          .all();
        const unmatched = await db.read
          .select({ sessionId: unmatchedAttendanceRows.sessionId, n: sql<number>`count(*)` })
          .from(unmatchedAttendanceRows)
          .where(and(inArray(unmatchedAttendanceRows.sessionId, [...ids]), OPEN_ROWS))
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
      { cacheKeyFn: (s) => s.id },
    ),
  };
}
