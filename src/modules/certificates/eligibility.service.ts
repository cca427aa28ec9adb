import type { Viewer } from '../../auth/viewer';
import type { Database, Db } from '../../db/database';
import type { CertificateRuleRow } from '../../db/schema';
import { pageRequest, toPage, afterKeysetInMemory, type Page } from '../../graphql/pagination';
import type { CertificateRuleService } from './certificate-rule.service';
import { judgeAll, type CriterionResult } from './criteria';
import { loadEvidence, subjectFacts } from './evidence';
import type { Subject } from './subject';
import type { SubjectService } from './subject.service';

export interface EligibilityRow {
  subjectType: Subject['type'];
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

export class EligibilityService {
  constructor(
    private readonly db: Database,
    private readonly subjects: SubjectService,
    private readonly rules: CertificateRuleService,
  ) {}

  /**
   * Judges everyone with evidence for the subject (or just `learnerIds`) by the
   * current version of its rule, in a fixed number of statements. Without a
   * rule nobody is eligible.
   */
  judge(subject: Subject, learnerIds?: number[], db: Db = this.db.read): Judgement {
    const rule = subject.ruleCode ? (this.rules.current(subject.ruleCode, db) ?? null) : null;
    const specs = rule ? this.rules.criteria(rule.id, db) : [];
    const facts = subjectFacts(db, subject);
    const rows = loadEvidence(db, subject, learnerIds).map((candidate) => {
      const { eligible, criteria } = judgeAll(specs, candidate, facts);
      return { subjectType: subject.type, subjectId: subject.id, learnerId: candidate.learnerId, name: candidate.name, eligible, criteria };
    });
    return { rule, rows };
  }

  /** A page of a subject's eligibility list, by learner name, optionally only (in)eligible ones. */
  page(
    viewer: Viewer,
    subject: Subject,
    args: { first?: number | null; after?: string | null; eligible?: boolean | null },
  ): Page<EligibilityRow> {
    this.subjects.requireManaged(viewer, subject.type, subject.id);
    const request = pageRequest(args, 2);
    const all = this.judge(subject).rows.filter((r) => args.eligible == null || r.eligible === args.eligible);
    const key = (r: EligibilityRow) => [r.name, r.learnerId];
    const rest = afterKeysetInMemory(all, key, request.after);
    return toPage(rest.slice(0, request.first + 1), request, key, () => all.length);
  }
}
