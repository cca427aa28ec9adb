import { and, eq, inArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { chunked } from '../../db/batch';
import type { Database } from '../../db/database';
import { cohorts, curriculumModules, enrollments, institutions, moduleCompletions, type EnrollmentRow } from '../../db/schema';
import { fail, forbidden, ok, rollbackOnUserErrors, userError, UserErrorsAbort, type Result } from '../../core/errors';
import { forAllowed } from '../../db/page-loader';
import { pagesByParent } from '../../db/ranked';
import type { CohortRow } from '../../db/schema';
import { paginateSorted, type Page, type PageArgs } from '../../db/paginate';
import { Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import { recordEnrollmentEvents } from '../events/outbox';
import { resolveLearnerEntries, type LearnerReference } from '../learners/learner-matcher';
import type { CohortService } from './cohort.service';

export const MAX_ROWS = 10_000;

export interface CompletionData {
  nip?: string | null;
  email?: string | null;
  moduleCode: string;
  completedAt: string;
  score?: number | null;
}

export class EnrollmentService {
  constructor(
    private readonly db: Database,
    private readonly cohorts: CohortService,
  ) {}

  /**
   * Enrols learners named by NIP, e-mail (NON_ASN participants) or id; those
   * already in the cohort are counted, not enrolled twice. All or nothing.
   * A cancelled cohort and a deactivated learner take no new enrolment.
   */
  async enroll(
    viewer: Viewer,
    input: { cohortId: number; nips?: string[] | null; emails?: string[] | null; learnerIds?: number[] | null },
  ): Promise<Result<{ enrolled: number; alreadyEnrolled: number }>> {
    const managed = await this.cohorts.openForInput(viewer, input.cohortId);
    if (!managed.ok) return managed;
    const { cohort } = managed.value;
    const lists: [string, LearnerReference[]][] = [
      ['nips', (input.nips ?? []).map((nip) => ({ nip }))],
      ['emails', (input.emails ?? []).map((email) => ({ email }))],
      ['learnerIds', (input.learnerIds ?? []).map((learnerId) => ({ learnerId }))],
    ];
    const entries = lists.flatMap(([field, refs]) => refs.map((ref, i) => ({ ref, at: [field, i] as (string | number)[] })));
    if (entries.length > MAX_ROWS) return fail({ field: ['nips'], code: 'TOO_LARGE', message: `At most ${MAX_ROWS} learners per call` });
    if (entries.length === 0) return fail({ field: ['nips'], code: 'REQUIRED', message: 'Name learners by nips, emails or learnerIds' });
    const p = new Problems();
    const people = await resolveLearnerEntries(this.db.read, entries.map((e) => e.ref), p, {
      at: (i) => entries[i].at,
      usable: (l) => policy.canManageLearner(viewer, l),
      unreachable: policy.unreachableCode(viewer),
      unique: false,
    });
    people.forEach((l, i) => l && !l.active && p.add(entries[i].at, 'INACTIVE', 'A deactivated learner takes no new enrolment'));
    if (p.any) return fail(...p.inInputOrder());
    const learnerIds = [...new Set(people.map((l) => l!.id))];
    const named = entries.length;

    const enrolled = await this.db.write(async (tx) => {
      let added = 0;
      for (const part of chunked(learnerIds, 500)) {
        added += (
          await tx
            .insert(enrollments)
            .values(part.map((learnerId) => ({ cohortId: cohort.id, learnerId, status: 'ENROLLED' as const })))
            .onConflictDoNothing()
            .run()
        ).changes;
      }
      await recordAudit(tx, viewer, {
        action: 'enrollLearners',
        targetType: 'Cohort',
        targetId: cohort.code,
        institutionId: cohort.institutionId,
        summary: `Enrolled ${added} learners in ${cohort.code} (${named - added} already enrolled)`,
      });
      return added;
    });
    return ok({ enrolled, alreadyEnrolled: named - enrolled });
  }

  /** Records module completions of enrolled learners; completing every module completes the enrolment. */
  async recordCompletions(viewer: Viewer, input: { cohortId: number; completions: CompletionData[] }): Promise<Result<{ recorded: number }>> {
    const managed = await this.cohorts.openForInput(viewer, input.cohortId);
    if (!managed.ok) return managed;
    const { cohort } = managed.value;
    const list = input.completions;
    if (list.length > MAX_ROWS) return fail({ field: ['completions'], code: 'TOO_LARGE', message: `At most ${MAX_ROWS} completions per call` });
    const modules = new Map(
      (
        await this.db.read
          .select({ id: curriculumModules.id, code: curriculumModules.code })
          .from(curriculumModules)
          .where(eq(curriculumModules.curriculumId, cohort.curriculumId))
          .all()
      ).map((m) => [m.code, m.id]),
    );
    const p = new Problems();
    const people = await resolveLearnerEntries(this.db.read, list, p, {
      at: (i, key) => ['completions', i, key],
      usable: (l) => policy.canManageLearner(viewer, l),
      unreachable: policy.unreachableCode(viewer),
      unique: false,
    });
    const enrolled = new Map(
      (
        await this.db.read
          .select({ id: enrollments.id, learnerId: enrollments.learnerId })
          .from(enrollments)
          .where(
            and(
              eq(enrollments.cohortId, cohort.id),
              inArray(enrollments.learnerId, people.flatMap((l) => (l ? [l.id] : []))),
              sql`${enrollments.status} <> 'WITHDRAWN'`,
            ),
          )
          .all()
      ).map((e) => [e.learnerId, e.id]),
    );
    const rows = list.flatMap((c, i) => {
      const at = (field: string) => ['completions', i, field];
      const learner = people[i];
      const enrollmentId = learner && enrolled.get(learner.id);
      const moduleId = modules.get(c.moduleCode.trim());
      if (learner && !enrollmentId) p.add(at(c.nip?.trim() ? 'nip' : 'email'), 'NOT_ENROLLED', `${learner.nip ?? learner.email} is not enrolled in ${cohort.code}`);
      if (!moduleId) p.add(at('moduleCode'), 'NOT_FOUND', `The curriculum of ${cohort.code} has no module ${c.moduleCode}`);
      const completedAt = DateTime.fromISO(c.completedAt, { setZone: true });
      if (!completedAt.isValid) p.add(at('completedAt'), 'INVALID', 'Not an ISO-8601 date-time');
      if (c.score != null && !(Number.isFinite(c.score) && c.score >= 0 && c.score <= 100)) {
        p.add(at('score'), 'OUT_OF_RANGE', 'Score must be from 0 to 100');
      }
      if (!enrollmentId || !moduleId || !completedAt.isValid) return [];
      return [{ enrollmentId, moduleId, completedAt: completedAt.toJSDate(), score: c.score ?? null }];
    });
    if (p.any) return fail(...p.list);

    await this.db.write(async (tx) => {
      for (const part of chunked(rows, 500)) {
        await tx
          .insert(moduleCompletions)
          .values(part)
          .onConflictDoUpdate({
            target: [moduleCompletions.enrollmentId, moduleCompletions.moduleId],
            set: { completedAt: sql`excluded.completed_at`, score: sql`excluded.score` },
          })
          .run();
      }
      const touched = [...new Set(rows.map((r) => r.enrollmentId))];
      const completed: number[] = [];
      for (const part of chunked(touched, 500)) {
        const updated = await tx
          .update(enrollments)
          .set({
            status: 'COMPLETED',
            completedAt: sql`(select max(mc.completed_at) from ${moduleCompletions} mc where mc.enrollment_id = ${enrollments.id})`,
          })
          .where(
            and(
              inArray(enrollments.id, part),
              eq(enrollments.status, 'ENROLLED'),
              sql`${modules.size} > 0`,
              sql`(select count(*) from ${moduleCompletions} mc where mc.enrollment_id = ${enrollments.id}) >= ${modules.size}`,
            ),
          )
          .returning({ id: enrollments.id })
          .all();
        completed.push(...updated.map((r) => r.id));
      }
      await recordEnrollmentEvents(tx, 'ENROLLMENT_COMPLETED', completed, Date.now());
      await recordAudit(tx, viewer, {
        action: 'recordModuleCompletions',
        targetType: 'Cohort',
        targetId: cohort.code,
        institutionId: cohort.institutionId,
        summary: `Recorded ${rows.length} module completions in ${cohort.code}`,
      });
    });
    return ok({ recorded: rows.length });
  }

  /** Each cohort's enrolments, newest first, by `status` when given: for admins of the cohort's institution. */
  async pagesOfCohorts(viewer: Viewer, parents: CohortRow[], args: PageArgs & { status?: EnrollmentRow['status'] | null }): Promise<(Page<EnrollmentRow> | Error)[]> {
    const paths = await this.cohorts.institutionPaths(parents);
    const where = args.status ? eq(enrollments.status, args.status) : undefined;
    return forAllowed(
      parents,
      (c) => policy.canManageInstitution(viewer, paths.get(c.institutionId) ?? '\u0000'),
      (managed) => pagesByParent(this.db.read, args, managed.map((c) => c.id), { table: enrollments, parent: enrollments.cohortId, where }),
      () => forbidden('Only admins of the cohort’s institution may list its enrolments'),
    );
  }

  /**
   * Withdraws an enrolment: it is kept with its reason, takes no completions,
   * and the learner is no longer eligible for the cohort's certificate.
   */
  async withdraw(viewer: Viewer, input: { enrollmentId: number; reason: string }): Promise<Result<EnrollmentRow>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const found = await this.db.read
      .select({ enrollment: enrollments, cohortCode: cohorts.code, institutionId: cohorts.institutionId, path: institutions.path })
      .from(enrollments)
      .innerJoin(cohorts, eq(cohorts.id, enrollments.cohortId))
      .innerJoin(institutions, eq(institutions.id, cohorts.institutionId))
      .where(eq(enrollments.id, input.enrollmentId))
      .get();
    const managed = policy.manageable(viewer, found, (f) => f.path, 'enrolment');
    if (!managed) return fail(userError(['enrollmentId'], 'NOT_FOUND', 'No such enrolment'));
    const p = new Problems();
    const reason = p.text(input.reason, ['reason'], 'Reason', 500);
    if (managed.enrollment.status === 'WITHDRAWN') p.add(['enrollmentId'], 'ALREADY_WITHDRAWN', 'The enrolment was already withdrawn');
    if (p.any || !reason) return fail(...p.list);
    return rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        const row = await tx
          .update(enrollments)
          .set({ status: 'WITHDRAWN', withdrawnAt: new Date(), withdrawalReason: reason })
          .where(and(eq(enrollments.id, managed.enrollment.id), sql`${enrollments.status} <> 'WITHDRAWN'`))
          .returning()
          .get();
        if (!row) throw new UserErrorsAbort([userError(['enrollmentId'], 'ALREADY_WITHDRAWN', 'The enrolment was already withdrawn')]);
        await recordEnrollmentEvents(tx, 'ENROLLMENT_WITHDRAWN', [row.id], row.withdrawnAt!.getTime());
        await recordAudit(tx, viewer, {
          action: 'withdrawEnrollment',
          targetType: 'Cohort',
          targetId: managed.cohortCode,
          institutionId: managed.institutionId,
          summary: `Withdrew enrolment ${row.id} (learner ${row.learnerId}) from ${managed.cohortCode}: ${reason}`,
        });
        return row;
      }),
    );
  }

  /** A learner's enrolments (already loaded, newest first) as a connection page. */
  pageForLearner(rows: EnrollmentRow[], args: { first?: number | null; after?: string | null }): Page<EnrollmentRow> {
    return paginateSorted(args, rows, (r) => [-r.id]);
  }
}
