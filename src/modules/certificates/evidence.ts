import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { jsonValues, portable } from '../../db/portable';
import type { SubjectType } from '../../db/schema';
import type { AssessmentKind } from '../../db/schema';
import type { Evidence, SubjectFacts } from './criteria';

export interface Candidate extends Evidence {
  subjectId: number;
  learnerId: number;
  name: string;
  /** Deactivated, or withdrawn from the cohort: never eligible, whatever the evidence. */
  barred: boolean;
}

interface EvidenceRow {
  subjectId: number;
  learnerId: number;
  name: string;
  minutes: number;
  preBest: number | null;
  postBest: number | null;
  evalBest: number | null;
  preN: number;
  postN: number;
  evalN: number;
  completed: number | null;
  modules: number | null;
  barred: number;
}

const KINDS: [AssessmentKind, 'pre' | 'post' | 'eval'][] = [
  ['PRE_TEST', 'pre'],
  ['POST_TEST', 'post'],
  ['EVALUATION', 'eval'],
];

/** Who is judged: everyone with evidence for one subject, or given (subject, learner) pairs. */
export type Candidates = { subjectId: number } | { pairs: { subjectId: number; learnerId: number }[] };

function candidatesSql(type: SubjectType, who: Candidates): { subjects: SQL; learners: SQL; candidates: SQL } {
  if ('pairs' in who) {
    const json = JSON.stringify(who.pairs.map((p) => [p.subjectId, p.learnerId]));
    const element = (i: 0 | 1) => portable({ sqlite: sql.raw(`json_extract(value, '$[${i}]')`), postgres: sql.raw(`(value->>${i})::bigint`) });
    const each = portable({ sqlite: sql`json_each(${json})`, postgres: sql`json_array_elements(${json}::json)` });
    return {
      subjects: sql`SELECT DISTINCT ${element(0)} FROM ${each}`,
      // Only the given learners' scores: a learner's own sessions would otherwise pivot every attendee's (20,000 at 1M).
      learners: sql`s.learner_id IN (SELECT ${element(1)} FROM ${each})`,
      candidates: sql`SELECT ${element(0)} AS subject_id, ${element(1)} AS learner_id FROM ${each}`,
    };
  }
  const id = who.subjectId;
  const presence =
    type === 'SESSION'
      ? sql`SELECT session_id, learner_id FROM session_attendance WHERE session_id = ${id}`
      : sql`SELECT cohort_id, learner_id FROM enrollments WHERE cohort_id = ${id} AND status <> 'WITHDRAWN'`;
  return {
    subjects: sql`SELECT CAST(${id} AS integer)`,
    learners: sql`1 = 1`,
    candidates: sql`${presence} UNION SELECT subject_id, learner_id FROM scored`,
  };
}

/**
 * All evidence of the candidates, in one statement whatever their number:
 * effective attendance minutes (sessions), best score and submissions per
 * assessment kind, and completed modules (cohorts). Sorted by name, then id.
 */
export async function loadEvidence(db: Db, type: SubjectType, who: Candidates): Promise<Candidate[]> {
  const { subjects, learners, candidates } = candidatesSql(type, who);
  const isSession = type === 'SESSION';
  const minutes = isSession ? sql`coalesce(sa.minutes, 0)` : sql`0`;
  const attendance = isSession
    ? sql`LEFT JOIN session_attendance sa ON sa.session_id = c.subject_id AND sa.learner_id = c.learner_id`
    : sql``;
  const completed = isSession
    ? sql`NULL`
    : sql`(SELECT count(*) FROM module_completions mc JOIN enrollments e ON e.id = mc.enrollment_id
           WHERE e.cohort_id = c.subject_id AND e.learner_id = c.learner_id)`;
  const modules = isSession
    ? sql`NULL`
    : sql`(SELECT count(*) FROM curriculum_modules m JOIN cohorts h ON h.curriculum_id = m.curriculum_id WHERE h.id = c.subject_id)`;
  const withdrawn = isSession
    ? sql`FALSE`
    : sql`EXISTS (SELECT 1 FROM enrollments w WHERE w.cohort_id = c.subject_id AND w.learner_id = c.learner_id AND w.status = 'WITHDRAWN')`;
  const rows = await db.all<EvidenceRow>(sql`
    WITH scored AS (
      SELECT a.subject_id, s.learner_id, a.kind, max(s.score) AS best, count(*) AS n
      FROM assessment_scores s JOIN assessments a ON a.id = s.assessment_id
      WHERE a.subject_type = ${type} AND a.subject_id IN (${subjects}) AND ${learners}
      GROUP BY a.subject_id, s.learner_id, a.kind
    ),
    pivot AS (
      SELECT subject_id, learner_id,
        max(CASE WHEN kind = 'PRE_TEST' THEN best END) AS preBest,
        max(CASE WHEN kind = 'POST_TEST' THEN best END) AS postBest,
        max(CASE WHEN kind = 'EVALUATION' THEN best END) AS evalBest,
        sum(CASE WHEN kind = 'PRE_TEST' THEN n ELSE 0 END) AS preN,
        sum(CASE WHEN kind = 'POST_TEST' THEN n ELSE 0 END) AS postN,
        sum(CASE WHEN kind = 'EVALUATION' THEN n ELSE 0 END) AS evalN
      FROM scored GROUP BY subject_id, learner_id
    ),
    c(subject_id, learner_id) AS (${candidates})
    SELECT c.subject_id AS "subjectId", c.learner_id AS "learnerId", l.name AS name, ${minutes} AS minutes,
      p.preBest AS "preBest", p.postBest AS "postBest", p.evalBest AS "evalBest",
      coalesce(p.preN, 0) AS "preN", coalesce(p.postN, 0) AS "postN", coalesce(p.evalN, 0) AS "evalN",
      ${completed} AS completed, ${modules} AS modules, CAST(l.active = 0 OR ${withdrawn} AS integer) AS barred
    FROM c JOIN learners l ON l.id = c.learner_id
    LEFT JOIN pivot p ON p.subject_id = c.subject_id AND p.learner_id = c.learner_id
    ${attendance}
    ORDER BY l.name, l.id`);
  return rows.map((r) => {
    const bestScore: Evidence['bestScore'] = {};
    const submissions: Evidence['submissions'] = {};
    for (const [kind, key] of KINDS) {
      const value = r[`${key}Best`];
      if (value !== null) bestScore[kind] = value;
      submissions[kind] = r[`${key}N`];
    }
    return {
      subjectId: r.subjectId,
      learnerId: r.learnerId,
      name: r.name,
      barred: r.barred === 1,
      minutes: r.minutes,
      bestScore,
      submissions,
      modulesPercent: isSession ? null : !r.modules ? 0 : ((r.completed ?? 0) * 100) / r.modules,
    };
  });
}

/** Passing score per assessment kind, for each subject. */
export async function subjectFacts(db: Db, type: SubjectType, subjects: { id: number; scheduledMinutes: number | null }[]): Promise<Map<number, SubjectFacts>> {
  const rows = await db.all<{ subjectId: number; kind: AssessmentKind; passing: number | null }>(sql`
    SELECT subject_id AS "subjectId", kind, max(passing_score) AS passing FROM assessments
    WHERE subject_type = ${type} AND subject_id IN (${jsonValues(JSON.stringify(subjects.map((s) => s.id)), 'integer')})
    GROUP BY subject_id, kind`);
  const facts = new Map(subjects.map((s) => [s.id, { scheduledMinutes: s.scheduledMinutes, passingScore: {} } as SubjectFacts]));
  for (const r of rows) if (r.passing !== null) facts.get(r.subjectId)!.passingScore[r.kind] = r.passing;
  return facts;
}
