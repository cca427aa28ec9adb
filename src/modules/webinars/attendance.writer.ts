import type { Db } from '../../db/database';
import { jsonValuesText } from '../../db/portable';
import type { AttendanceSourceName } from '../../db/schema';
import { statement } from '../../db/statement';
import { recordAttendanceEvents } from '../events/outbox';
import { unionMinutes, type Interval } from './zoom/interval-union';

const zoomEvidence = statement<[number, string], { learnerId: number; joinedAt: number | null; leftAt: number | null; minutes: number }>(
  (dialect) => `SELECT learner_id AS "learnerId", joined_at AS "joinedAt", left_at AS "leftAt", minutes FROM zoom_intervals
     WHERE session_id = ? AND learner_id IN (${jsonValuesText(dialect, 'integer')})`,
);
const recordedEvidence = statement<[number, string], { learnerId: number; source: 'FORM' | 'MANUAL'; minutes: number; joinedAt: number | null }>(
  (dialect) => `SELECT learner_id AS "learnerId", source, minutes, joined_at AS "joinedAt" FROM attendance_records
     WHERE session_id = ? AND learner_id IN (${jsonValuesText(dialect, 'integer')}) ORDER BY id`,
);
const upsert = statement<[sessionId: number, learnerId: number, minutes: number, source: AttendanceSourceName, firstJoinAt: number | null, lastLeaveAt: number | null, updatedAt: number]>(
  `INSERT INTO session_attendance (session_id, learner_id, minutes, source, first_join_at, last_leave_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (session_id, learner_id) DO UPDATE SET minutes = excluded.minutes, source = excluded.source,
       first_join_at = excluded.first_join_at, last_leave_at = excluded.last_leave_at, updated_at = excluded.updated_at`,
);
const current = statement<[number, string], { learnerId: number; minutes: number; source: AttendanceSourceName }>(
  (dialect) => `SELECT learner_id AS "learnerId", minutes, source FROM session_attendance
     WHERE session_id = ? AND learner_id IN (${jsonValuesText(dialect, 'integer')})`,
);
const remove = statement<[sessionId: number, learnerId: number]>('DELETE FROM session_attendance WHERE session_id = ? AND learner_id = ?');

interface Evidence {
  intervals: Interval[];
  /** Largest total from a "unique users" report (no times). */
  zoomTotal: number | null;
  form: { minutes: number; joinedAt: number | null } | null;
  manual: { minutes: number; joinedAt: number | null } | null;
}

export interface EffectiveAttendance {
  minutes: number;
  source: AttendanceSourceName;
  firstJoinAt: number | null;
  lastLeaveAt: number | null;
}

/** The rule: the latest MANUAL record if any, else the larger of the Zoom union and FORM (Zoom on a tie). */
export function effectiveAttendance(e: Evidence): EffectiveAttendance | null {
  const hasZoom = e.intervals.length > 0 || e.zoomTotal !== null;
  const zoom = Math.max(unionMinutes(e.intervals), e.zoomTotal ?? 0);
  const fromRecord = (r: { minutes: number; joinedAt: number | null }, source: AttendanceSourceName): EffectiveAttendance => ({
    minutes: r.minutes,
    source,
    firstJoinAt: r.joinedAt,
    lastLeaveAt: r.joinedAt === null ? null : r.joinedAt + r.minutes * 60_000,
  });
  let result: EffectiveAttendance;
  if (e.manual) result = fromRecord(e.manual, 'MANUAL');
  else if (hasZoom && (!e.form || zoom >= e.form.minutes)) result = { minutes: zoom, source: 'ZOOM_REPORT', firstJoinAt: null, lastLeaveAt: null };
  else if (e.form) result = fromRecord(e.form, 'FORM');
  else return null;
  if (e.intervals.length > 0) {
    result.firstJoinAt = e.intervals.reduce((min, i) => Math.min(min, i.start), Infinity);
    result.lastLeaveAt = e.intervals.reduce((max, i) => Math.max(max, i.end), -Infinity);
  }
  return result;
}

/**
 * Recomputes `session_attendance` for these learners of a session from all
 * their evidence, inside the caller's write transaction. ATTENDANCE_RECORDED
 * goes out only for those whose minutes or source changed: re-importing the
 * same report records nothing new, so it tells HR systems nothing new.
 */
export async function recomputeAttendance(tx: Db, sessionId: number, learnerIds: Iterable<number>): Promise<void> {
  const ids = [...new Set(learnerIds)];
  if (ids.length === 0) return;
  const json = JSON.stringify(ids);
  const evidence = new Map<number, Evidence>(ids.map((id) => [id, { intervals: [], zoomTotal: null, form: null, manual: null }]));
  for (const z of await zoomEvidence(tx).all(sessionId, json)) {
    const e = evidence.get(z.learnerId)!;
    if (z.joinedAt !== null && z.leftAt !== null) e.intervals.push({ start: z.joinedAt, end: z.leftAt });
    else e.zoomTotal = Math.max(e.zoomTotal ?? 0, z.minutes);
  }
  for (const r of await recordedEvidence(tx).all(sessionId, json)) {
    const e = evidence.get(r.learnerId)!;
    if (r.source === 'MANUAL') e.manual = r;
    else if (!e.form || r.minutes > e.form.minutes) e.form = r;
  }
  const before = new Map((await current(tx).all(sessionId, json)).map((a) => [a.learnerId, a]));
  const now = Date.now();
  const changed: number[] = [];
  for (const [learnerId, e] of evidence) {
    const effective = effectiveAttendance(e);
    if (!effective) {
      await remove(tx).run(sessionId, learnerId);
      continue;
    }
    await upsert(tx).run(sessionId, learnerId, effective.minutes, effective.source, effective.firstJoinAt, effective.lastLeaveAt, now);
    const was = before.get(learnerId);
    if (!was || was.minutes !== effective.minutes || was.source !== effective.source) changed.push(learnerId);
  }
  if (changed.length > 0) await recordAttendanceEvents(tx, sessionId, JSON.stringify(changed), now);
}
