import { and, eq, inArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { chunked } from '../../db/batch';
import type { Database } from '../../db/database';
import { assessments, assessmentScores, enrollments, type AssessmentKind, type AssessmentRow, type SubjectType } from '../../db/schema';
import { fail, forbidden, ok, rollbackOnUserErrors, userError, UserErrorsAbort, type Result } from '../../core/errors';
import { forAllowed } from '../../db/page-loader';
import { groupByKey } from '../../core/by-key';
import { Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import { cancelledProblem, type Subject } from '../certificates/subject';
import type { SubjectService } from '../certificates/subject.service';
import { entryPath, resolveLearnerEntries, type LearnerReference, type MatchedLearner } from '../learners/learner-matcher';
import { evidenceReach } from '../webinars/registration.service';

export const MAX_SCORES_PER_CALL = 50_000;

export interface NewAssessment {
  subject: { type: SubjectType; id: number };
  kind: AssessmentKind;
  title: string;
  maxScore: number;
  passingScore?: number | null;
}

export interface ScoreEntry extends LearnerReference {
  score: number;
  submittedAt?: string | null;
}

export class AssessmentService {
  constructor(
    private readonly db: Database,
    private readonly subjects: SubjectService,
  ) {}

  /** Each session's assessments in the order they were created: for the organiser's admins. */
  ofSessions(viewer: Viewer, sessions: readonly { id: number; organizerPath: string }[]): Promise<(AssessmentRow[] | Error)[]> {
    return forAllowed(
      [...sessions],
      (s) => policy.canManageWebinar(viewer, s.organizerPath),
      async (managed) => {
        const ids = managed.map((s) => s.id);
        const rows = await this.db.read
          .select()
          .from(assessments)
          .where(and(eq(assessments.subjectType, 'SESSION'), inArray(assessments.subjectId, ids)))
          .orderBy(assessments.id)
          .all();
        return groupByKey(ids, rows, (r) => r.subjectId);
      },
      () => forbidden('Only the organiser’s admins may see the session’s assessments'),
    );
  }

  /** Scores recorded per assessment (one per learner), in one statement. */
  async scoreCounts(ids: readonly number[]): Promise<number[]> {
    const rows = await this.db.read
      .select({ id: assessmentScores.assessmentId, n: sql<number>`count(*)` })
      .from(assessmentScores)
      .where(inArray(assessmentScores.assessmentId, [...ids]))
      .groupBy(assessmentScores.assessmentId)
      .all();
    const counts = new Map(rows.map((r) => [r.id, r.n]));
    return ids.map((id) => counts.get(id) ?? 0);
  }

  async create(viewer: Viewer, input: NewAssessment): Promise<Result<AssessmentRow>> {
    const subject = await this.subjects.requireManaged(viewer, input.subject.type, input.subject.id);
    const p = new Problems();
    const title = p.text(input.title, ['title'], 'Title');
    if (!Number.isFinite(input.maxScore) || input.maxScore <= 0 || input.maxScore > 10_000) {
      p.add(['maxScore'], 'OUT_OF_RANGE', 'maxScore must be above 0 and at most 10000');
    }
    const passing = input.passingScore ?? null;
    if (passing !== null && (!Number.isFinite(passing) || passing < 0 || passing > input.maxScore)) {
      p.add(['passingScore'], 'OUT_OF_RANGE', `passingScore must be between 0 and maxScore (${input.maxScore})`);
    }
    if (p.any || !title) return fail(...p.list);
    const row = await this.db.write(async (tx) => {
      const created = await tx
        .insert(assessments)
        .values({ subjectType: subject.type, subjectId: subject.id, kind: input.kind, title, maxScore: input.maxScore, passingScore: passing })
        .returning()
        .get();
      await recordAudit(tx, viewer, {
        action: 'createAssessment',
        targetType: 'Assessment',
        targetId: created.id,
        institutionId: subject.institutionId,
        summary: `Created ${input.kind} "${title}" for ${subject.label}`,
      });
      return created;
    });
    return ok(row);
  }

  /** Changes an assessment; its maxScore may not drop below a score already recorded. */
  async update(viewer: Viewer, input: { assessmentId: number; title?: string | null; maxScore?: number | null; passingScore?: number | null }): Promise<Result<AssessmentRow>> {
    const assessment = await this.db.read.select().from(assessments).where(eq(assessments.id, input.assessmentId)).get();
    if (!assessment) {
      policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
      policy.manageable(viewer, null, () => '', 'assessment');
      return fail({ field: ['assessmentId'], code: 'NOT_FOUND', message: 'No such assessment' });
    }
    const subject = await this.subjects.requireManaged(viewer, assessment.subjectType, assessment.subjectId);
    const p = new Problems();
    const changes: Partial<AssessmentRow> = {};
    if (p.given(input.title, ['title'], 'Title')) changes.title = p.text(input.title, ['title'], 'Title') ?? undefined;
    const highest = async () =>
      (await this.db.read.select({ top: sql<number | null>`max(${assessmentScores.score})` }).from(assessmentScores).where(eq(assessmentScores.assessmentId, assessment.id)).get())?.top ?? null;
    if (p.given(input.maxScore, ['maxScore'], 'maxScore')) {
      const top = await highest();
      if (!Number.isFinite(input.maxScore) || input.maxScore <= 0 || input.maxScore > 10_000) p.add(['maxScore'], 'OUT_OF_RANGE', 'maxScore must be above 0 and at most 10000');
      else if (top !== null && input.maxScore < top) p.add(['maxScore'], 'OUT_OF_RANGE', `A score of ${top} is recorded; maxScore cannot drop below it`);
      else changes.maxScore = input.maxScore;
    }
    if (input.passingScore !== undefined) changes.passingScore = input.passingScore;
    const max = changes.maxScore ?? assessment.maxScore;
    const passing = changes.passingScore === undefined ? assessment.passingScore : changes.passingScore;
    if (passing !== null && (!Number.isFinite(passing) || passing < 0 || passing > max)) {
      p.add([input.passingScore !== undefined ? 'passingScore' : 'maxScore'], 'OUT_OF_RANGE', `passingScore must be between 0 and maxScore (${max})`);
    }
    if (p.any) return fail(...p.list);
    // An update that names nothing changes nothing (and Drizzle refuses an empty SET).
    if (Object.values(changes).every((v) => v === undefined)) return ok(assessment);
    return rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        const top = (await tx.select({ top: sql<number | null>`max(${assessmentScores.score})` }).from(assessmentScores).where(eq(assessmentScores.assessmentId, assessment.id)).get())?.top ?? null;
        if (changes.maxScore !== undefined && top !== null && changes.maxScore < top) {
          throw new UserErrorsAbort([userError(['maxScore'], 'OUT_OF_RANGE', `A score of ${top} is recorded; maxScore cannot drop below it`)]);
        }
        const updated = await tx.update(assessments).set(changes).where(eq(assessments.id, assessment.id)).returning().get();
        await recordAudit(tx, viewer, {
          action: 'updateAssessment',
          targetType: 'Assessment',
          targetId: assessment.id,
          institutionId: subject.institutionId,
          summary: `Changed ${Object.keys(changes).join(', ') || 'nothing'} of "${updated.title}" (${subject.label})`,
        });
        return updated;
      }),
    );
  }

  /** Whom scores may be recorded for: a session's evidence reach; a cohort's enrolled learners or those the admin manages. */
  private reach(viewer: Viewer, subject: Subject) {
    if (subject.type === 'SESSION') return evidenceReach(this.db.read, viewer, subject.id);
    return async (found: MatchedLearner[]) => {
      const ids = found.map((l) => l.id);
      const enrolled = new Set(
        (
          await this.db.read
            .select({ learnerId: enrollments.learnerId })
            .from(enrollments)
            .where(and(eq(enrollments.cohortId, subject.id), inArray(enrollments.learnerId, ids.length ? ids : [-1])))
            .all()
        ).map((e) => e.learnerId),
      );
      return (learner: MatchedLearner) => enrolled.has(learner.id) || policy.canManageLearner(viewer, learner);
    };
  }

  /** The assessment and its subject if the viewer manages the subject (FORBIDDEN otherwise); null when there is no such assessment. */
  async managedAssessment(viewer: Viewer, assessmentId: number): Promise<{ assessment: AssessmentRow; subject: Subject } | null> {
    const assessment = await this.db.read.select().from(assessments).where(eq(assessments.id, assessmentId)).get();
    // Missing and out of scope answer alike (see policy.manageable).
    if (!assessment) return policy.manageable(viewer, null, () => '', 'assessment');
    return { assessment, subject: await this.subjects.requireManaged(viewer, assessment.subjectType, assessment.subjectId) };
  }

  /** All-or-nothing; recording a learner's score again replaces it. */
  async recordScores(viewer: Viewer, assessmentId: number, entries: ScoreEntry[]): Promise<Result<number>> {
    const managed = await this.managedAssessment(viewer, assessmentId);
    if (!managed) return fail({ field: ['assessmentId'], code: 'NOT_FOUND', message: 'No such assessment' });
    const { assessment, subject } = managed;
    const cancelled = cancelledProblem(subject, ['assessmentId']);
    if (cancelled) return fail(cancelled);
    if (entries.length > MAX_SCORES_PER_CALL) {
      return fail({ field: ['scores'], code: 'TOO_LARGE', message: `At most ${MAX_SCORES_PER_CALL} scores per call` });
    }
    const p = new Problems();
    const people = await resolveLearnerEntries(this.db.read, entries, p, {
      at: entryPath('scores'),
      usableAmong: this.reach(viewer, subject),
      unreachable: policy.unreachableCode(viewer),
    });
    const now = new Date();
    const values = entries.flatMap((entry, i) => {
      if (!Number.isFinite(entry.score) || entry.score < 0 || entry.score > assessment.maxScore) {
        p.add(['scores', i, 'score'], 'OUT_OF_RANGE', `Score ${entry.score} is outside 0..${assessment.maxScore}`);
      }
      const submitted = entry.submittedAt ? DateTime.fromISO(entry.submittedAt, { setZone: true }) : null;
      if (submitted && !submitted.isValid) p.add(['scores', i, 'submittedAt'], 'INVALID', 'submittedAt is not an ISO-8601 date-time');
      const learner = people[i];
      const submittedAt = submitted?.toJSDate() ?? now;
      return learner === null ? [] : [{ assessmentId, learnerId: learner.id, score: entry.score, submittedAt }];
    });
    if (p.any) return fail(...p.inInputOrder());
    await this.db.write(async (tx) => {
      for (const part of chunked(values, 500)) {
        await tx.insert(assessmentScores)
          .values(part)
          .onConflictDoUpdate({
            target: [assessmentScores.assessmentId, assessmentScores.learnerId],
            set: { score: sql`excluded.score`, submittedAt: sql`excluded.submitted_at`, recordedAt: sql`excluded.created_at` },
          })
          .run();
      }
      await recordAudit(tx, viewer, {
        action: 'recordAssessmentScores',
        targetType: 'Assessment',
        targetId: assessmentId,
        institutionId: subject.institutionId,
        summary: `Recorded ${values.length} scores for "${assessment.title}" (${subject.label})`,
      });
    });
    return ok(values.length);
  }
}
