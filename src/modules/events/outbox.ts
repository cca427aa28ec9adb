import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { portable } from '../../db/portable';
import type { EventTypeName } from '../../db/schema';
import { earnedJpSql, yearlyTargetJpSql } from '../learning-hours/earned-jp';

/** A JSON object from key, value pairs; nested ones stay JSON, and the outermost goes into the text column `payload`. */
const jsonObject = (pairs: SQL): SQL => portable({ sqlite: sql`json_object(${pairs})`, postgres: sql`json_build_object(${pairs})` });

/** `{"nip": ..., "email": ...}` of the learner `l`. */
const learnerJson = jsonObject(sql`'nip', l.nip, 'email', l.email`);

/**
 * A JSON array bound as one parameter, as rows `j` in array order (`j.key`).
 * Of a list of ids, `j.value` is the id; of a list of lists, `j.value ->> n`
 * is its nth element as text or number (cast it for a comparison) and
 * `j.value -> n` as JSON.
 */
function jsonRows(list: string, elements: 'ids' | 'lists'): SQL {
  return portable({
    sqlite: sql`json_each(${list}) j`,
    postgres:
      elements === 'ids'
        ? sql`(SELECT CAST(e.value AS bigint) AS value, e.key FROM json_array_elements_text(${list}::json) WITH ORDINALITY e(value, key)) j`
        : sql`json_array_elements(${list}::json) WITH ORDINALITY j(value, key)`,
  });
}

/**
 * The one writer of the outbox. Each call runs inside the caller's write
 * transaction, so an event exists exactly when its change committed; a change
 * that touches many rows writes its events in one INSERT ... SELECT.
 */

/** Certificate events for the certificates `where` picks (an SQL condition on `c`), as they are now. */
export async function recordCertificateEvents(tx: Db, type: Extract<EventTypeName, 'CERTIFICATE_ISSUED' | 'CERTIFICATE_REVOKED'>, where: SQL, occurredAt: number): Promise<void> {
  await tx.run(sql`
    INSERT INTO events (type, occurred_at, institution_id, also_institution_id, payload)
    SELECT ${type}, ${occurredAt}, l.institution_id, c.issuer_id,
      ${jsonObject(sql`
        'learner', ${learnerJson},
        'certificateNumber', c.number,
        'jp', c.jp,
        'year', c.activity_year,
        'institutionCode', li.code,
        'issuerCode', iss.code`)}
    FROM certificates c
    JOIN learners l ON l.id = c.learner_id
    JOIN institutions li ON li.id = l.institution_id
    JOIN institutions iss ON iss.id = c.issuer_id
    WHERE ${where}
    ORDER BY c.id`);
}

/** CURRICULUM_CHANGED for each curriculum given (id and change type), set-based; it belongs to the curriculum's owner. */
export async function recordCurriculumEvents(tx: Db, changes: [curriculumId: number, changeType: string][], occurredAt: number): Promise<void> {
  if (changes.length === 0) return;
  await tx.run(sql`
    INSERT INTO events (type, occurred_at, institution_id, payload)
    SELECT 'CURRICULUM_CHANGED', ${occurredAt}, c.owner_id,
      ${jsonObject(sql`'curriculumCode', c.code, 'version', c.version, 'revision', c.revision, 'status', c.status,
        'changeType', j.value ->> 1, 'institutionCode', o.code`)}
    FROM ${jsonRows(JSON.stringify(changes), 'lists')}
    JOIN curricula c ON c.id = CAST(j.value ->> 0 AS bigint)
    JOIN institutions o ON o.id = c.owner_id
    ORDER BY j.key`);
}

/**
 * LEARNER_TARGET_MET for learners of the certificates `issued` picks whose
 * earned JP for the certificate's year now reaches their target
 * (`yearlyTargetJpSql`: none for NON_ASN participants), once per
 * learner and year: `learner_target_met` remembers it across a revoke and
 * re-issue. A target of 0 is never "met".
 */
export async function recordTargetsMet(tx: Db, issued: SQL, occurredAt: number): Promise<void> {
  // Marks first, computed once; the events are then written for the marks this call added, in learner and year order.
  const added = await tx.all<{ learner_id: number; year: number }>(sql`
    INSERT INTO learner_target_met (learner_id, year)
    SELECT r.learner_id, r.year FROM (
      SELECT c.learner_id, c.activity_year AS year,
        ${earnedJpSql(sql`c.learner_id`, sql`c.activity_year`)} AS earned,
        ${yearlyTargetJpSql(sql`l`, sql`li`)} AS target
      FROM certificates c
      JOIN learners l ON l.id = c.learner_id
      JOIN institutions li ON li.id = l.institution_id
      WHERE ${issued}
        AND NOT EXISTS (SELECT 1 FROM learner_target_met m WHERE m.learner_id = c.learner_id AND m.year = c.activity_year)
      ORDER BY c.learner_id
    ) r
    WHERE r.target > 0 AND r.earned >= r.target
    ON CONFLICT DO NOTHING
    RETURNING learner_id, year`);
  if (added.length === 0) return;
  const marks = added.map((m) => [Number(m.learner_id), Number(m.year)]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  await tx.run(sql`
    INSERT INTO events (type, occurred_at, institution_id, payload)
    SELECT 'LEARNER_TARGET_MET', ${occurredAt}, l.institution_id,
      ${jsonObject(sql`'learner', ${learnerJson}, 'year', m.year,
        'earnedJp', ${earnedJpSql(sql`m.learner_id`, sql`m.year`)},
        'targetJp', ${yearlyTargetJpSql(sql`l`, sql`li`)}, 'institutionCode', li.code`)}
    FROM ${jsonRows(JSON.stringify(marks), 'lists')}
    JOIN learner_target_met m ON m.learner_id = CAST(j.value ->> 0 AS bigint) AND m.year = CAST(j.value ->> 1 AS bigint)
    JOIN learners l ON l.id = m.learner_id
    JOIN institutions li ON li.id = l.institution_id
    ORDER BY j.key`);
}

/** ENROLLMENT_COMPLETED or ENROLLMENT_WITHDRAWN for the enrolments given, as they are now. */
export async function recordEnrollmentEvents(tx: Db, type: Extract<EventTypeName, 'ENROLLMENT_COMPLETED' | 'ENROLLMENT_WITHDRAWN'>, enrollmentIds: number[], occurredAt: number): Promise<void> {
  if (enrollmentIds.length === 0) return;
  await tx.run(sql`
    INSERT INTO events (type, occurred_at, institution_id, payload)
    SELECT ${type}, ${occurredAt}, l.institution_id,
      ${jsonObject(sql`'learner', ${learnerJson}, 'cohortCode', co.code, 'status', e.status,
        'reason', e.withdrawal_reason, 'institutionCode', li.code`)}
    FROM ${jsonRows(JSON.stringify(enrollmentIds), 'ids')}
    JOIN enrollments e ON e.id = j.value
    JOIN cohorts co ON co.id = e.cohort_id
    JOIN learners l ON l.id = e.learner_id
    JOIN institutions li ON li.id = l.institution_id
    ORDER BY e.id`);
}

/** ATTENDANCE_RECORDED for each learner given whose attendance of a session stands (the caller passes those whose attendance changed). */
export async function recordAttendanceEvents(tx: Db, sessionId: number, learnerIdsJson: string, occurredAt: number): Promise<void> {
  await tx.run(sql`
    INSERT INTO events (type, occurred_at, institution_id, payload)
    SELECT 'ATTENDANCE_RECORDED', ${occurredAt}, l.institution_id,
      ${jsonObject(sql`'learner', ${learnerJson}, 'seriesCode', se.code, 'sessionNumber', ws.number,
        'minutes', a.minutes, 'source', a.source, 'institutionCode', li.code`)}
    FROM ${jsonRows(learnerIdsJson, 'ids')}
    JOIN session_attendance a ON a.session_id = ${sessionId} AND a.learner_id = j.value
    JOIN webinar_sessions ws ON ws.id = a.session_id
    JOIN webinar_series se ON se.id = ws.series_id
    JOIN learners l ON l.id = a.learner_id
    JOIN institutions li ON li.id = l.institution_id
    ORDER BY j.key`);
}

export interface LearnerChange {
  learnerId: number;
  /** Names of the fields that changed (`institution` for a move). */
  changed: string[];
  /** Where a moved learner came from. */
  previousInstitutionId?: number | null;
}

/**
 * LEARNER_CHANGED for each change given, set-based: the learner as they are
 * now, what changed, and where they came from when moved. The institution a
 * moved learner left also sees the event, so its HR system hears they went.
 */
export async function recordLearnersChanged(tx: Db, changes: LearnerChange[], occurredAt: number): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map((c) => [c.learnerId, c.changed, c.previousInstitutionId ?? null]);
  await tx.run(sql`
    INSERT INTO events (type, occurred_at, institution_id, also_institution_id, payload)
    SELECT 'LEARNER_CHANGED', ${occurredAt}, l.institution_id, CAST(j.value ->> 2 AS bigint),
      ${jsonObject(sql`'learner', ${learnerJson}, 'changed', j.value -> 1,
        'active', ${portable({ sqlite: sql`json(CASE WHEN l.active THEN 'true' ELSE 'false' END)`, postgres: sql`l.active = 1` })}, 'institutionCode', li.code,
        'previousInstitutionCode', (SELECT p.code FROM institutions p WHERE p.id = CAST(j.value ->> 2 AS bigint))`)}
    FROM ${jsonRows(JSON.stringify(rows), 'lists')}
    JOIN learners l ON l.id = CAST(j.value ->> 0 AS bigint)
    JOIN institutions li ON li.id = l.institution_id
    ORDER BY j.key`);
}
