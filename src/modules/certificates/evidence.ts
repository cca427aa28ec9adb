import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database';
import type { AssessmentKind, Evidence, SubjectFacts } from './criteria';
import type { Subject } from './subject';

export interface Candidate extends Evidence {
  learnerId: number;
  name: string;
}

interface EvidenceRow {
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
}

const KINDS: [AssessmentKind, 'pre' | 'post' | 'eval'][] = [
  ['PRE_TEST', 'pre'],
  ['POST_TEST', 'post'],
  ['EVALUATION', 'eval'],
];

/**
 * Everyone with evidence for a subject (attendance, a score, or an enrolment),
 * with all of it, in one statement; `learnerIds` narrows it to some learners.
 * Sorted by name then id: the order eligibility pages use.
 */
export function loadEvidence(db: Db, subject: Subject, learnerIds?: number[]): Candidate[] {
  const narrow = learnerIds ? sql`AND learner_id IN (SELECT value FROM json_each(${JSON.stringify(learnerIds)}))` : sql``;
  const isSession = subject.type === 'SESSION';
  const presence = isSession
    ? sql`SELECT learner_id FROM session_attendance WHERE session_id = ${subject.id} ${narrow}`
    : sql`SELECT learner_id FROM enrollments WHERE cohort_id = ${subject.id} AND status <> 'WITHDRAWN' ${narrow}`;
  const minutes = isSession
    ? sql`coalesce((SELECT sa.minutes FROM session_attendance sa WHERE sa.session_id = ${subject.id} AND sa.learner_id = c.learner_id), 0)`
    : sql`0`;
  const completed = isSession
    ? sql`NULL`
    : sql`(SELECT count(*) FROM module_completions mc JOIN enrollments e ON e.id = mc.enrollment_id
           WHERE e.cohort_id = ${subject.id} AND e.learner_id = c.learner_id)`;
  const rows = db.all<EvidenceRow>(sql`
    WITH scored AS (
      SELECT s.learner_id, a.kind, max(s.score) AS best, count(*) AS n
      FROM assessment_scores s JOIN assessments a ON a.id = s.assessment_id
      WHERE a.subject_type = ${subject.type} AND a.subject_id = ${subject.id}
      GROUP BY s.learner_id, a.kind
    ),
    c AS (
      ${presence}
      UNION SELECT learner_id FROM scored WHERE 1 = 1 ${narrow}
    )
    SELECT c.learner_id AS learnerId, l.name AS name, ${minutes} AS minutes,
      (SELECT best FROM scored WHERE scored.learner_id = c.learner_id AND kind = 'PRE_TEST') AS preBest,
      (SELECT best FROM scored WHERE scored.learner_id = c.learner_id AND kind = 'POST_TEST') AS postBest,
      (SELECT best FROM scored WHERE scored.learner_id = c.learner_id AND kind = 'EVALUATION') AS evalBest,
      coalesce((SELECT n FROM scored WHERE scored.learner_id = c.learner_id AND kind = 'PRE_TEST'), 0) AS preN,
      coalesce((SELECT n FROM scored WHERE scored.learner_id = c.learner_id AND kind = 'POST_TEST'), 0) AS postN,
      coalesce((SELECT n FROM scored WHERE scored.learner_id = c.learner_id AND kind = 'EVALUATION'), 0) AS evalN,
      ${completed} AS completed
    FROM c JOIN learners l ON l.id = c.learner_id
    ORDER BY l.name, l.id`);
  const totalModules = isSession ? 0 : moduleCount(db, subject.id);
  return rows.map((r) => {
    const bestScore: Evidence['bestScore'] = {};
    const submissions: Evidence['submissions'] = {};
    for (const [kind, key] of KINDS) {
      const best = r[`${key}Best`];
      if (best !== null) bestScore[kind] = best;
      submissions[kind] = r[`${key}N`];
    }
    return {
      learnerId: r.learnerId,
      name: r.name,
      minutes: r.minutes,
      bestScore,
      submissions,
      modulesPercent: isSession ? null : totalModules === 0 ? 0 : ((r.completed ?? 0) * 100) / totalModules,
    };
  });
}

function moduleCount(db: Db, cohortId: number): number {
  return db.get<{ n: number }>(sql`
    SELECT count(*) AS n FROM curriculum_modules m JOIN cohorts c ON c.curriculum_id = m.curriculum_id WHERE c.id = ${cohortId}`).n;
}

export function subjectFacts(db: Db, subject: Subject): SubjectFacts {
  const rows = db.all<{ kind: AssessmentKind; passing: number | null }>(sql`
    SELECT kind, max(passing_score) AS passing FROM assessments
    WHERE subject_type = ${subject.type} AND subject_id = ${subject.id} GROUP BY kind`);
  const passingScore: SubjectFacts['passingScore'] = {};
  for (const r of rows) if (r.passing !== null) passingScore[r.kind] = r.passing;
  return { scheduledMinutes: subject.scheduledMinutes, passingScore };
}
