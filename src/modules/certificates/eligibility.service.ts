import type { Viewer } from '../../auth/viewer';
import type { Database, Db } from '../../db/database';
import { UntilNextWrite } from '../../db/until-next-write';
import type { CertificateRuleRow, SubjectType } from '../../db/schema';
import { paginateSorted, plainPage, type Page, type PageArgs } from '../../db/paginate';
import { defineTask, type ReadPool } from '../../db/read-pool';
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
    private readonly pool: ReadPool,
  ) {
    this.cache = new UntilNextWrite(db, CACHED_JUDGEMENTS);
  }

  /**
   * Judges candidates of subjects of one type by the current version of each
   * subject's rule, in a fixed number of statements. Without a rule nobody is
   * eligible.
   */
  private async judgeCandidates(db: Db, type: SubjectType, subjects: Subject[], who: Candidates) {
    const rules = new Map<string, { rule: CertificateRuleRow; specs: CriterionSpec[] }>();
    for (const code of new Set(subjects.map((s) => s.ruleCode).filter((c): c is string => c !== null))) {
      const rule = await this.rules.current(code, db);
      if (rule) rules.set(code, { rule, specs: await this.rules.criteria(rule.id, db) });
    }
    const facts = await subjectFacts(db, type, subjects);
    const byId = new Map(subjects.map((s) => [s.id, s]));
    const rows = (await loadEvidence(db, type, who)).flatMap((candidate): EligibilityRow[] => {
      const subject = byId.get(candidate.subjectId);
      if (!subject) return [];
      const specs = subject.ruleCode ? (rules.get(subject.ruleCode)?.specs ?? []) : [];
      const { eligible, criteria } = judgeAll(specs, candidate, facts.get(subject.id)!);
      return [{ subjectType: type, subjectId: subject.id, learnerId: candidate.learnerId, name: candidate.name, eligible: eligible && !candidate.barred, criteria }];
    });
    return { rules, rows };
  }

  /** Everyone with evidence for the subject, judged. */
  async judge(subject: Subject, db: Db = this.db.read): Promise<Judgement> {
    const { rules, rows } = await this.judgeCandidates(db, subject.type, [subject], { subjectId: subject.id });
    return { rule: subject.ruleCode ? (rules.get(subject.ruleCode)?.rule ?? null) : null, rows };
  }

  /**
   * `judge` for reads: paging through a large session's list judges it once,
   * not once per page. Any committed write (evidence, rules, certificates)
   * makes the cached judgement stale.
   */
  private judgeForReading(subject: Subject): Promise<Judgement> {
    return this.cache.get(`${subject.type}:${subject.id}`, () => this.judge(subject));
  }

  /** Given (subject, learner) pairs of one subject type, judged in a fixed number of statements; keyed `subjectId:learnerId`. */
  async judgePairs(type: SubjectType, pairs: { subjectId: number; learnerId: number }[]): Promise<Map<string, EligibilityRow>> {
    const subjects = await loadSubjects(this.db.read, type, [...new Set(pairs.map((p) => p.subjectId))]);
    const { rows } = await this.judgeCandidates(this.db.read, type, subjects, { pairs });
    return new Map(rows.map((r) => [`${r.subjectId}:${r.learnerId}`, r]));
  }

  /**
   * The head of a subject's eligibility list for an export (scoped as `page`):
   * the subject, its rule and the criteria of the first row, judged on the
   * read pool; the rows follow with `exportRowsHere` (on the pool too).
   */
  exportHead(viewer: Viewer, type: SubjectType, subjectId: number): Promise<EligibilityExportHead> {
    return this.pool.run(eligibilityExportHeadTask, { viewer, type, subjectId });
  }

  /** A page of a subject's eligibility list, by learner name, optionally only (in)eligible ones; judged on the read pool. */
  page(viewer: Viewer, type: SubjectType, subjectId: number, args: EligibilityPageArgs): Promise<Page<EligibilityRow>> {
    return this.pool.run(eligibilityPageTask, { viewer, type, subjectId, args });
  }

  /** `page` on this thread: what the pool runs. The judged rows are in (name, learner id) order already (`loadEvidence`). */
  async pageHere(viewer: Viewer, type: SubjectType, subjectId: number, args: EligibilityPageArgs): Promise<Page<EligibilityRow>> {
    const subject = await this.subjects.requireManaged(viewer, type, subjectId);
    const all = (await this.judgeForReading(subject)).rows.filter((r) => args.eligible == null || r.eligible === args.eligible);
    // Plain data, to cross a thread: the count is cheap here, so it is not left as a getter.
    return { ...plainPage(paginateSorted(args, all, (r) => [r.name, r.learnerId])), totalCount: all.length };
  }

  async exportHeadHere(viewer: Viewer, type: SubjectType, subjectId: number): Promise<EligibilityExportHead> {
    const subject = await this.subjects.requireManaged(viewer, type, subjectId);
    const { rule, rows } = await this.judgeForReading(subject);
    return { subject, rule: rule && { code: rule.code, version: rule.version }, criteria: rows[0]?.criteria.map((c) => `${c.kind} (required ${c.required})`) ?? [] };
  }

  /** Up to `limit` rows of the list after the (name, learner id) `after`. */
  async exportRowsHere(viewer: Viewer, type: SubjectType, subjectId: number, after: [string, number] | null, limit: number): Promise<EligibilityRow[]> {
    const rows = (await this.judgeForReading(await this.subjects.requireManaged(viewer, type, subjectId))).rows;
    const start = after === null ? 0 : firstAfter(rows, after);
    return rows.slice(start, start + limit);
  }
}

export type EligibilityPageArgs = PageArgs & { eligible?: boolean | null };

export interface EligibilityExportHead {
  subject: Subject;
  rule: { code: string; version: number } | null;
  /** Column titles of the criteria, from the first judged row. */
  criteria: string[];
}

/** Index of the first row after (name, id) in rows sorted by them; binary search. */
function firstAfter(rows: EligibilityRow[], [name, id]: [string, number]): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const r = rows[mid];
    if (r.name < name || (r.name === name && r.learnerId <= id)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

type On = { eligibility: EligibilityService };
type Target = { viewer: Viewer; type: SubjectType; subjectId: number };

const eligibilityPageTask = defineTask('eligibility.page', (s: On, a: Target & { args: EligibilityPageArgs }) =>
  s.eligibility.pageHere(a.viewer, a.type, a.subjectId, a.args),
);
const eligibilityExportHeadTask = defineTask('eligibility.exportHead', (s: On, a: Target) => s.eligibility.exportHeadHere(a.viewer, a.type, a.subjectId));

/** What the read pool's workers run for this service. */
export const ELIGIBILITY_TASKS = [eligibilityPageTask, eligibilityExportHeadTask];
