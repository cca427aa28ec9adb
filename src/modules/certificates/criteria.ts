import type { AssessmentKind, CertificateCriterionRow } from '../../db/schema';

export type CriterionKind = CertificateCriterionRow['kind'];

/** What is known of one learner for one subject. */
export interface Evidence {
  minutes: number;
  /** Best score per assessment kind; absent when nothing was submitted. */
  bestScore: Partial<Record<AssessmentKind, number>>;
  submissions: Partial<Record<AssessmentKind, number>>;
  /** Share of the cohort's modules completed, 0-100; null for sessions. */
  modulesPercent: number | null;
}

export interface SubjectFacts {
  /** Scheduled minutes of a session; null for cohorts. */
  scheduledMinutes: number | null;
  /** Passing score per assessment kind, used when a score criterion has no threshold. */
  passingScore: Partial<Record<AssessmentKind, number>>;
}

export interface CriterionSpec {
  kind: CriterionKind;
  threshold: number | null;
  assessmentKind: AssessmentKind | null;
}

export interface CriterionResult {
  kind: CriterionKind;
  met: boolean;
  actual: number;
  required: number;
  reason: string;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const LABEL: Record<AssessmentKind, string> = { PRE_TEST: 'pre-test', POST_TEST: 'post-test', EVALUATION: 'evaluation' };

/** Judges one criterion and says why, in words a learner understands. */
export function judge(spec: CriterionSpec, evidence: Evidence, facts: SubjectFacts): CriterionResult {
  const result = (met: boolean, actual: number, required: number, reason: string): CriterionResult => ({
    kind: spec.kind,
    met,
    actual,
    required,
    reason,
  });
  switch (spec.kind) {
    case 'ATTENDANCE_MINUTES': {
      const required = spec.threshold ?? 0;
      const met = evidence.minutes >= required;
      return result(met, evidence.minutes, required, `Attended ${evidence.minutes} of the required ${required} minutes`);
    }
    case 'ATTENDANCE_PERCENT': {
      const required = spec.threshold ?? 0;
      if (!facts.scheduledMinutes) return result(false, 0, required, 'Attendance percentage applies to webinar sessions only');
      const actual = round1((evidence.minutes / facts.scheduledMinutes) * 100);
      return result(actual >= required, actual, required, `Attended ${actual}% of the ${facts.scheduledMinutes} scheduled minutes; ${required}% required`);
    }
    case 'ASSESSMENT_SCORE': {
      const kind = spec.assessmentKind!;
      const required = spec.threshold ?? facts.passingScore[kind] ?? 0;
      const best = evidence.bestScore[kind];
      if (best === undefined) return result(false, 0, required, `No ${LABEL[kind]} score yet; at least ${required} required`);
      return result(best >= required, best, required, `Best ${LABEL[kind]} score ${best}; at least ${required} required`);
    }
    case 'ASSESSMENT_SUBMITTED': {
      const kind = spec.assessmentKind!;
      const count = evidence.submissions[kind] ?? 0;
      return result(count > 0, count, 1, count > 0 ? `${LABEL[kind]} submitted` : `${LABEL[kind]} not submitted`);
    }
    case 'MODULES_COMPLETED_PERCENT': {
      const required = spec.threshold ?? 100;
      if (evidence.modulesPercent === null) return result(false, 0, required, 'Module completion applies to cohorts only');
      const actual = round1(evidence.modulesPercent);
      return result(actual >= required, actual, required, `Completed ${actual}% of the modules; ${required}% required`);
    }
  }
}

export function judgeAll(specs: CriterionSpec[], evidence: Evidence, facts: SubjectFacts) {
  const criteria = specs.map((s) => judge(s, evidence, facts));
  return { eligible: criteria.length > 0 && criteria.every((c) => c.met), criteria };
}

/** A readable line for a rule's criterion, e.g. "At least 80% of the scheduled time". */
export function describeCriterion(spec: CriterionSpec): string {
  switch (spec.kind) {
    case 'ATTENDANCE_MINUTES':
      return `Attend at least ${spec.threshold} minutes`;
    case 'ATTENDANCE_PERCENT':
      return `Attend at least ${spec.threshold}% of the scheduled time`;
    case 'ASSESSMENT_SCORE':
      return spec.threshold === null
        ? `Pass the ${LABEL[spec.assessmentKind!]} (its passing score)`
        : `Score at least ${spec.threshold} on the ${LABEL[spec.assessmentKind!]}`;
    case 'ASSESSMENT_SUBMITTED':
      return `Submit the ${LABEL[spec.assessmentKind!]}`;
    case 'MODULES_COMPLETED_PERCENT':
      return `Complete at least ${spec.threshold ?? 100}% of the modules`;
  }
}
