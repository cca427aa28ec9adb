import { and, eq, inArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import type { Database, Db } from '../../db/database';
import { cohorts, enrollments, institutions, type CohortRow, type InstitutionRow } from '../../db/schema';
import { fail, forbidden, ok, requireRevision, rollbackOnUserErrors, userError, type Outcome, type Result } from '../../core/errors';
import { forAllowed } from '../../db/page-loader';
import { type Page, type PageArgs } from '../../db/paginate';
import { pagesByParent } from '../../db/ranked';
import { Problems } from '../../core/problems';
import { checkRuleCode } from '../certificates/rule-reference';
import { recordAudit } from '../audit/audit.writer';
import type { CurriculumService } from '../curricula/curriculum.service';
import type { InstitutionService } from '../institutions/institution.service';
import { storable } from '../../db/portable';

export interface NewCohort {
  code: string;
  name: string;
  curriculumCode: string;
  curriculumVersion?: number | null;
  institutionCode: string;
  startDate: string;
  endDate?: string | null;
  certificateRuleCode?: string | null;
}

/** An update: omitted fields stay; null clears a field that may be empty. */
export interface CohortChanges {
  cohortId: number;
  expectedRevision?: number | null;
  name?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  certificateRuleCode?: string | null;
  /** Only CANCELLED may be set (with cancellationReason); the other statuses follow the dates. */
  status?: 'PLANNED' | 'RUNNING' | 'FINISHED' | 'CANCELLED' | null;
  cancellationReason?: string | null;
}

export interface ManagedCohort {
  cohort: CohortRow;
  institution: InstitutionRow;
}

export class CohortService {
  constructor(
    private readonly db: Database,
    private readonly institutions: InstitutionService,
    private readonly curricula: CurriculumService,
  ) {}

  /** A cohort of a PUBLISHED curriculum version at an institution the admin manages. */
  async create(viewer: Viewer, input: NewCohort): Promise<Result<CohortRow>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const p = new Problems();
    const code = p.code(input.code, ['code']);
    const name = p.text(input.name, ['name'], 'Name');
    const ruleCode = input.certificateRuleCode?.trim() ? p.code(input.certificateRuleCode, ['certificateRuleCode']) : null;
    await checkRuleCode(this.db.read, ruleCode, ['certificateRuleCode'], p);
    const start = DateTime.fromISO(input.startDate);
    if (input.endDate && DateTime.fromISO(input.endDate) < start) p.add(['endDate'], 'INVALID', 'The end date is before the start date');
    const institution = await this.institutions.findByCode(input.institutionCode);
    if (!institution) p.add(['institutionCode'], 'NOT_FOUND', `No institution has code ${input.institutionCode}`);
    else policy.requireManage(viewer, institution.path, `You cannot manage institution ${institution.code}`);
    const curriculum = await this.curricula.findVersion(input.curriculumCode, input.curriculumVersion);
    if (!curriculum) {
      const which = input.curriculumVersion == null ? 'a published version' : `version ${input.curriculumVersion}`;
      p.add(['curriculumCode'], 'NOT_FOUND', `Curriculum ${input.curriculumCode} has no ${which}`);
    } else if (curriculum.status !== 'PUBLISHED') {
      p.add(['curriculumVersion'], 'INVALID', `Only a PUBLISHED curriculum takes cohorts; v${curriculum.version} is ${curriculum.status}`);
    }
    if (code && (await this.byCode(this.db.read, code))) p.add(['code'], 'ALREADY_EXISTS', `Cohort ${code} already exists`);
    if (p.any || !code || !name || !institution || !curriculum) return fail(...p.list);

    const row = await this.db.write(async (tx) => {
      if (await this.byCode(tx, code)) return null;
      const created = await tx
        .insert(cohorts)
        .values({
          code,
          name,
          curriculumId: curriculum.id,
          institutionId: institution.id,
          startDate: input.startDate,
          endDate: input.endDate ?? null,
          certificateRuleCode: ruleCode,
        })
        .returning()
        .get();
      await recordAudit(tx, viewer, {
        action: 'createCohort',
        targetType: 'Cohort',
        targetId: code,
        institutionId: institution.id,
        summary: `Created cohort ${code} of ${curriculum.code} v${curriculum.version} at ${institution.code}`,
      });
      return created;
    });
    return row ? ok(row) : fail({ field: ['code'], code: 'ALREADY_EXISTS', message: `Cohort ${code} already exists` });
  }

  /** Changes a cohort, or cancels it (status CANCELLED with its reason): a cancelled cohort takes nothing new. */
  async update(viewer: Viewer, input: CohortChanges): Promise<Outcome<CohortRow>> {
    const managed = await this.managedForInput(viewer, input.cohortId);
    if (!managed.ok) return managed;
    const { cohort } = managed.value;
    const p = new Problems();
    const changes: Partial<typeof cohorts.$inferInsert> = {};
    if (p.given(input.name, ['name'], 'Name')) changes.name = p.text(input.name, ['name'], 'Name') ?? undefined;
    if (p.given(input.startDate, ['startDate'], 'startDate')) changes.startDate = input.startDate;
    if (input.endDate !== undefined) changes.endDate = input.endDate;
    const start = changes.startDate ?? cohort.startDate;
    const end = changes.endDate === undefined ? cohort.endDate : changes.endDate;
    if (end !== null && end < start) p.add([input.endDate !== undefined ? 'endDate' : 'startDate'], 'INVALID', 'The end date is before the start date');
    if (input.certificateRuleCode !== undefined) {
      const code = input.certificateRuleCode?.trim() ? p.code(input.certificateRuleCode, ['certificateRuleCode']) : null;
      await checkRuleCode(this.db.read, code, ['certificateRuleCode'], p);
      changes.certificateRuleCode = code;
    }
    if (p.given(input.status, ['status'], 'status')) {
      if (input.status !== 'CANCELLED') p.add(['status'], 'INVALID', 'Only CANCELLED can be set; the other statuses follow the dates');
      else {
        if (!input.cancellationReason?.trim()) p.add(['cancellationReason'], 'REQUIRED', 'Cancelling a cohort needs its reason');
        const reason = input.cancellationReason?.trim() ? p.text(input.cancellationReason, ['cancellationReason'], 'Cancellation reason', 500) : null;
        if (reason && !cohort.cancelledAt) Object.assign(changes, { cancelledAt: new Date(), cancellationReason: reason });
      }
    } else if (input.cancellationReason != null) {
      p.add(['cancellationReason'], 'INVALID', 'A reason goes with status CANCELLED');
    }
    if (cohort.cancelledAt && input.status !== 'CANCELLED') p.add(['cohortId'], 'CANCELLED', 'A cancelled cohort cannot be changed');
    if (p.any) return fail(...p.list);

    return rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        const current = (await tx.select().from(cohorts).where(eq(cohorts.id, cohort.id)).get())!;
        requireRevision(current, input.expectedRevision);
        const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter((k) => changes[k] !== current[k as keyof CohortRow]);
        if (changed.length === 0) return current;
        const updated = await tx
          .update(cohorts)
          .set({ ...changes, revision: sql`${cohorts.revision} + 1` })
          .where(eq(cohorts.id, cohort.id))
          .returning()
          .get();
        await recordAudit(tx, viewer, {
          action: 'updateCohort',
          targetType: 'Cohort',
          targetId: cohort.code,
          institutionId: cohort.institutionId,
          summary: changes.cancelledAt ? `Cancelled cohort ${cohort.code}: ${changes.cancellationReason}` : `Changed ${changed.join(', ')} of cohort ${cohort.code}`,
        });
        return updated;
      }),
    );
  }

  /** Like `managedForInput`, and a userError (CANCELLED) when the cohort was cancelled: it takes nothing new. */
  async openForInput(viewer: Viewer, cohortId: number): Promise<Result<ManagedCohort>> {
    const managed = await this.managedForInput(viewer, cohortId);
    if (managed.ok && managed.value.cohort.cancelledAt) {
      return fail(userError(['cohortId'], 'CANCELLED', `Cohort ${managed.value.cohort.code} is cancelled: it takes nothing new`));
    }
    return managed;
  }

  /** The cohort a mutation's `cohortId` names, with its institution, for an admin who manages it (see `policy.manageable`). */
  async managedForInput(viewer: Viewer, cohortId: number): Promise<Result<ManagedCohort>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const found = policy.manageable(viewer, await this.withInstitution(cohortId), (c) => c.institution.path, 'cohort');
    return found ? ok(found) : fail({ field: ['cohortId'], code: 'NOT_FOUND', message: 'No such cohort' });
  }

  /** A cohort by code, for admins who manage its institution; null when there is none. */
  async getByCode(viewer: Viewer, code: string): Promise<CohortRow | null> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const row = storable(code) ? await this.byCode(this.db.read, code.trim()) : undefined;
    return policy.manageable(viewer, row && (await this.withInstitution(row.id)), (c) => c.institution.path, 'cohort')?.cohort ?? null;
  }

  /** The cohorts of each institution (not those below it), newest first: for their admins. */
  pagesOfInstitutions(viewer: Viewer, parents: InstitutionRow[], args: PageArgs): Promise<(Page<CohortRow> | Error)[]> {
    return forAllowed(
      parents,
      (i) => policy.canManageInstitution(viewer, i.path),
      (managed) => pagesByParent(this.db.read, args, managed.map((i) => i.id), { table: cohorts, parent: cohorts.institutionId }),
      () => forbidden('Only admins of the institution may list its cohorts'),
    );
  }

  /** Paths of the cohorts' institutions, for access checks over a batch of cohorts. */
  async institutionPaths(list: CohortRow[]): Promise<Map<number, string>> {
    const ids = [...new Set(list.map((c) => c.institutionId))];
    const rows = ids.length ? await this.db.read.select({ id: institutions.id, path: institutions.path }).from(institutions).where(inArray(institutions.id, ids)).all() : [];
    return new Map(rows.map((r) => [r.id, r.path]));
  }

  /** For node(id:): admins who manage its institution, and its own learners. */
  async getById(viewer: Viewer, id: number): Promise<CohortRow | null> {
    const found = await this.withInstitution(id);
    if (!found) return null;
    if (policy.canManageInstitution(viewer, found.institution.path)) return found.cohort;
    if (viewer.learnerId === null) return null;
    const enrolled = await this.db.read
      .select({ id: enrollments.id })
      .from(enrollments)
      .where(and(eq(enrollments.cohortId, id), eq(enrollments.learnerId, viewer.learnerId)))
      .get();
    return enrolled ? found.cohort : null;
  }

  private async withInstitution(id: number): Promise<ManagedCohort | undefined> {
    return this.db.read
      .select({ cohort: cohorts, institution: institutions })
      .from(cohorts)
      .innerJoin(institutions, eq(institutions.id, cohorts.institutionId))
      .where(eq(cohorts.id, id))
      .get();
  }

  private async byCode(db: Db, code: string): Promise<CohortRow | undefined> {
    return db.select().from(cohorts).where(eq(cohorts.code, code)).get();
  }
}
