import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../../db/database';
import { jsonValues } from '../../db/portable';
import type { SubjectType } from '../../db/schema';
import { userError, type UserError } from '../../core/errors';

/** A webinar session or a cohort, as certificates, assessments and eligibility see it. */
export interface Subject {
  type: SubjectType;
  id: number;
  /** Organiser (session) or host institution (cohort): its admins issue the certificates. */
  institutionId: number;
  institutionPath: string;
  institutionCode: string;
  /** Short code for certificate numbers, e.g. `MITK-41` or the cohort code. */
  code: string;
  title: string;
  /** e.g. `Webinar seri 41 — Menuju Indonesia Tanpa Kemiskinan`. */
  label: string;
  jp: number;
  /** `YYYY-MM-DD` in the subject's own calendar: session date in its offset, or cohort end. */
  activityDate: string;
  /** Scheduled length of a session, for ATTENDANCE_PERCENT; null for cohorts. */
  scheduledMinutes: number | null;
  ruleCode: string | null;
  /** A cancelled session or cohort takes no new evidence and issues no certificate. */
  cancelled: boolean;
}

interface SessionRow {
  id: number;
  number: number;
  title: string;
  startsAt: number;
  endsAt: number;
  offset: number;
  jp: number;
  ruleCode: string | null;
  cancelled: number;
  seriesCode: string;
  seriesTitle: string;
  institutionId: number;
  institutionPath: string;
  institutionCode: string;
}

interface CohortRow {
  id: number;
  code: string;
  name: string;
  startDate: string;
  endDate: string | null;
  ruleCode: string | null;
  cancelled: number;
  curriculumTitle: string;
  totalJp: number;
  institutionId: number;
  institutionPath: string;
  institutionCode: string;
}

const idList = (ids: number[]) => sql`(${jsonValues(JSON.stringify(ids), 'integer')})`;

async function loadSessionSubjects(db: Db, ids: number[]): Promise<Subject[]> {
  const rows = await db.all<SessionRow>(sql`
    SELECT s.id, s.number, s.title, s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.utc_offset_minutes AS "offset",
           s.jp, s.certificate_rule_code AS "ruleCode", CAST(s.status = 'CANCELLED' AS integer) AS cancelled, r.code AS "seriesCode", r.title AS "seriesTitle",
           i.id AS "institutionId", i.path AS "institutionPath", i.code AS "institutionCode"
    FROM webinar_sessions s
    JOIN webinar_series r ON r.id = s.series_id
    JOIN institutions i ON i.id = r.organizer_id
    WHERE s.id IN ${idList(ids)}`);
  return rows.map((row) => ({
    type: 'SESSION',
    id: row.id,
    institutionId: row.institutionId,
    institutionPath: row.institutionPath,
    institutionCode: row.institutionCode,
    code: `${row.seriesCode}-${row.number}`,
    title: row.title,
    label: `Webinar ${row.seriesTitle}, seri ${row.number}`,
    jp: row.jp,
    activityDate: DateTime.fromMillis(row.startsAt + row.offset * 60_000, { zone: 'utc' }).toISODate()!,
    scheduledMinutes: Math.round((row.endsAt - row.startsAt) / 60_000),
    ruleCode: row.ruleCode,
    cancelled: row.cancelled === 1,
  }));
}

async function loadCohortSubjects(db: Db, ids: number[], today = DateTime.utc()): Promise<Subject[]> {
  const rows = await db.all<CohortRow>(sql`
    SELECT c.id, c.code, c.name, c.start_date AS "startDate", c.end_date AS "endDate", c.certificate_rule_code AS "ruleCode", CAST(c.cancelled_at IS NOT NULL AS integer) AS cancelled,
           cu.title AS "curriculumTitle", cu.total_jp AS "totalJp",
           i.id AS "institutionId", i.path AS "institutionPath", i.code AS "institutionCode"
    FROM cohorts c
    JOIN curricula cu ON cu.id = c.curriculum_id
    JOIN institutions i ON i.id = c.institution_id
    WHERE c.id IN ${idList(ids)}`);
  return rows.map((row) => ({
    type: 'COHORT',
    id: row.id,
    institutionId: row.institutionId,
    institutionPath: row.institutionPath,
    institutionCode: row.institutionCode,
    code: row.code,
    title: row.curriculumTitle,
    label: `${row.curriculumTitle}, ${row.name}`,
    jp: row.totalJp,
    activityDate: row.endDate ?? today.toISODate()!,
    scheduledMinutes: null,
    ruleCode: row.ruleCode,
    cancelled: row.cancelled === 1,
  }));
}

/** The userError for new evidence or certificates of a cancelled subject, at the input field that names it. */
export function cancelledProblem(subject: Subject, field: string[]): UserError | null {
  return subject.cancelled ? userError(field, 'CANCELLED', `${subject.label} is cancelled: it takes nothing new and issues no certificate`) : null;
}

/** Sessions or cohorts by id, in one statement; missing ids are left out. */
export const loadSubjects = (db: Db, type: SubjectType, ids: number[]) =>
  type === 'SESSION' ? loadSessionSubjects(db, ids) : loadCohortSubjects(db, ids);

export const loadSubject = async (db: Db, type: SubjectType, id: number): Promise<Subject | null> => (await loadSubjects(db, type, [id]))[0] ?? null;

/** Codes and names of the competencies a session or a cohort's curriculum develops. */
export async function loadCompetencies(db: Db, subject: Subject): Promise<{ code: string; name: string }[]> {
  return subject.type === 'SESSION'
    ? await db.all(sql`
        SELECT sc.competency_code AS code, coalesce((SELECT c.name FROM competencies c WHERE c.code = sc.competency_code LIMIT 1), sc.competency_code) AS name
        FROM webinar_session_competencies sc WHERE sc.session_id = ${subject.id} ORDER BY sc.competency_code`)
    : await db.all(sql`
        SELECT DISTINCT c.code AS code, c.name AS name
        FROM cohorts h JOIN curriculum_outcomes o ON o.curriculum_id = h.curriculum_id JOIN competencies c ON c.id = o.competency_id
        WHERE h.id = ${subject.id} ORDER BY c.code`);
}
