import type { Viewer } from '../../auth/viewer';
import type { Database, Db } from '../../db/database';
import { UntilNextWrite } from '../../db/until-next-write';
import type { CertificateRuleRow, SubjectType } from '../../db/schema';
import { paginateSorted, type Page } from '../../db/paginate';
import type { CertificateRuleService } from './certificate-rule.service';
import { judgeAll, type CriterionResult, type CriterionSpec } from './criteria';
import { loadEvidence, subjectFacts, type Candidates } from './evidence';
import { loadSubjects, type Subject } from './subject';
import type { SubjectService } from './subject.service';

export interface EligibilityRow {
  subjectType: SubjectType;
  subjectId: number;
  learnerId: number;
  name: string;
  eligible: boolean;
  criteria: CriterionResult[];
}

export interface Judgement {
  rule: CertificateRuleRow | null;
  rows: EligibilityRow[];
}

/** Judgements of the last few subjects, reused until the next committed write (12,000 attendees: about 4 MB of heap, 5 MB estimated). */
const CACHED_JUDGEMENTS = { capacity: 16, maxBytes: 32 * 1024 * 1024 };

export class EligibilityService {
  private readonly cache: UntilNextWrite<Judgement>;

  constructor(
    private readonly db: Database,
    private readonly subjects: SubjectService,
    private readonly rules: CertificateRuleService,
  ) {
    this.cache = new UntilNextWrite(db, CACHED_JUDGEMENTS);
  }

  /**
   * Judges candidates of subjects of one type by the current version of each
   * subject's rule, in a fixed number of statements. Without a rule nobody is
   * eligible.
   */
  private judgeCandidates(db: Db, type: SubjectType, subjects: Subject[], who: Candidates) {
    const rules = new Map<string, { rule: CertificateRuleRow; specs: CriterionSpec[] }>();
    for (const code of new Set(subjects.map((s) => s.ruleCode).filter((c): c is string => c !== null))) {
      const rule = this.rules.current(code, db);
      if (rule) rules.set(code, { rule, specs: this.rules.criteria(rule.id, db) });
    }
    const facts = subjectFacts(db, type, subjects);
    const byId = new Map(subjects.map((s) => [s.id, s]));
    const rows = loadEvidence(db, type, who).flatMap((candidate): EligibilityRow[] => {
      const subject = byId.get(candidate.subjectId);
      if (!subject) return [];
      const specs = subject.ruleCode ? (rules.get(subject.ruleCode)?.specs ?? []) : [];
      const { eligible, criteria } = judgeAll(specs, candidate, facts.get(subject.id)!);
      return [{ subjectType: type, subjectId: subject.id, learnerId: candidate.learnerId, name: candidate.name, eligible: eligible && !candidate.barred, criteria }];
    });
    return { rules, rows };
  }

  /** Everyone with evidence for the subject, judged. */
  judge(subject: Subject, db: Db = this.db.read): Judgement {
    const { rules, rows } = this.judgeCandidates(db, subject.type, [subject], { subjectId: subject.id });
    return { rule: subject.ruleCode ? (rules.get(subject.ruleCode)?.rule ?? null) : null, rows };
  }

  /**
   * `judge` for reads: paging through a large session's list judges it once,
   * not once per page. Any committed write (evidence, rules, certificates)
   * makes the cached judgement stale.
   */
  private judgeForReading(subject: Subject): Judgement {
    return this.cache.get(`${subject.type}:${subject.id}`, () => this.judge(subject));
  }

  /** Given (subject, learner) pairs of one subject type, judged in a fixed number of statements; keyed `subjectId:learnerId`. */
  judgePairs(type: SubjectType, pairs: { subjectId: number; learnerId: number }[]): Map<string, EligibilityRow> {
    const subjects = loadSubjects(this.db.read, type, [...new Set(pairs.map((p) => p.subjectId))]);
    const { rows } = this.judgeCandidates(this.db.read, type, subjects, { pairs });
    return new Map(rows.map((r) => [`${r.subjectId}:${r.learnerId}`, r]));
  }

  /** A subject's whole eligibility list by learner name, for an export; scoped as `page`. */
  list(viewer: Viewer, type: SubjectType, subjectId: number): Judgement & { subject: Subject } {
    const subject = this.subjects.requireManaged(viewer, type, subjectId);
    const judgement = this.judgeForReading(subject);
    const rows = [...judgement.rows].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.learnerId - b.learnerId));
    return { subject, rule: judgement.rule, rows };
  }

  /** A page of a subject's eligibility list, by learner name, optionally only (in)eligible ones. */
  page(
    viewer: Viewer,
    type: SubjectType,
    subjectId: number,
    args: { first?: number | null; after?: string | null; eligible?: boolean | null },
  ): Page<EligibilityRow> {
    const subject = this.subjects.requireManaged(viewer, type, subjectId);
    const all = this.judgeForReading(subject).rows.filter((r) => args.eligible == null || r.eligible === args.eligible);
    return paginateSorted(args, all, (r) => [r.name, r.learnerId]);
  }
}
