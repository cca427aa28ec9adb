import { and, desc, eq, sql } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { prepared, type Database, type Db } from '../../db/database';
import { certificateCriteria, certificateRules, institutions, type CertificateRuleRow, type InstitutionRow } from '../../db/schema';
import { fail, forbidden, ok, type Result } from '../../core/errors';
import { forAllowed } from '../../db/page-loader';
import { paginate, type Page, type PageArgs } from '../../db/paginate';
import { pagesByParent } from '../../db/ranked';
import { scopeCondition } from '../institutions/list-scope';
import { Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import type { InstitutionService } from '../institutions/institution.service';
import type { CriterionSpec } from './criteria';

export const MAX_CRITERIA = 10;

export interface RuleDefinition {
  code: string;
  name: string;
  criteria: { kind: CriterionSpec['kind']; threshold?: number | null; assessmentKind?: CriterionSpec['assessmentKind'] | null }[];
  institutionCode?: string | null;
}

const latestVersion = prepared((db) =>
  db
    .select()
    .from(certificateRules)
    .where(eq(certificateRules.code, sql.placeholder('code')))
    .orderBy(desc(certificateRules.version))
    .limit(1)
    .prepare(),
);

const criteriaOf = prepared((db) =>
  db
    .select()
    .from(certificateCriteria)
    .where(eq(certificateCriteria.ruleId, sql.placeholder('ruleId')))
    .orderBy(certificateCriteria.position)
    .prepare(),
);

const sameCriteria = (a: CriterionSpec[], b: CriterionSpec[]) => JSON.stringify(a) === JSON.stringify(b);

export class CertificateRuleService {
  constructor(
    private readonly db: Database,
    private readonly institutions: InstitutionService,
  ) {}

  /** Rule versions of the institutions the viewer manages, newest first; `institutionCode` narrows to a subtree. */
  async browse(viewer: Viewer, filter: { institutionCode?: string | null; code?: string | null }, args: PageArgs): Promise<Page<CertificateRuleRow>> {
    const scope = await this.institutions.listScope(viewer, filter.institutionCode);
    const where = and(scopeCondition(scope, { institution: certificateRules.institutionId }), filter.code?.trim() ? eq(certificateRules.code, filter.code.trim()) : undefined);
    return paginate(args, {
      rows: (page) => this.db.read.select().from(certificateRules).where(and(where, page.after)).orderBy(...page.orderBy).limit(page.limit).all(),
      order: [{ column: certificateRules.id, direction: 'desc', value: (r) => r.id }],
      count: async () => (await this.db.read.select({ n: sql<number>`count(*)` }).from(certificateRules).where(where).get())!.n,
    });
  }

  /** Each institution's own rule versions, newest first: for its admins. */
  pagesOfInstitutions(viewer: Viewer, parents: InstitutionRow[], args: PageArgs): Promise<(Page<CertificateRuleRow> | Error)[]> {
    return forAllowed(
      parents,
      (i) => policy.canManageInstitution(viewer, i.path),
      (managed) => pagesByParent(this.db.read, args, managed.map((i) => i.id), { table: certificateRules, parent: certificateRules.institutionId }),
      () => forbidden('Only admins of the institution may list its certificate rules'),
    );
  }

  /** The version that judges now: the latest of the code. */
  async current(code: string, db: Db = this.db.read): Promise<CertificateRuleRow | undefined> {
    return await latestVersion(db).get({ code });
  }

  async criteria(ruleId: number, db: Db = this.db.read): Promise<CriterionSpec[]> {
    return (await criteriaOf(db).all({ ruleId })).map((c) => ({ kind: c.kind, threshold: c.threshold, assessmentKind: c.assessmentKind }));
  }

  /** Defines a rule, or its next version; an identical redefinition returns the current version. */
  async define(viewer: Viewer, input: RuleDefinition): Promise<Result<CertificateRuleRow>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const p = new Problems();
    const code = p.code(input.code, ['code'], 'Rule code');
    const name = p.text(input.name, ['name'], 'Name');
    const specs = this.validateCriteria(input.criteria, p);
    const owner = await this.ownerFor(viewer, input.institutionCode, p);
    const existing = code ? await this.current(code) : undefined;
    if (existing && owner && existing.institutionId !== owner.id) {
      const existingOwner = (await this.db.read.select().from(institutions).where(eq(institutions.id, existing.institutionId)).get())!;
      p.add(['code'], 'ALREADY_EXISTS', `Rule ${code} belongs to ${existingOwner.code}`);
    }
    if (p.any || !code || !name || !owner) return fail(...p.list);
    policy.requireManage(viewer, owner.path, `You cannot define rules for ${owner.code}`);

    const rule = await this.db.write(async (tx) => {
      const current = await this.current(code, tx);
      if (current && current.name === name && sameCriteria(await this.criteria(current.id, tx), specs)) return current;
      const row = await tx
        .insert(certificateRules)
        .values({ institutionId: owner.id, code, name, version: (current?.version ?? 0) + 1 })
        .returning()
        .get();
      await tx
        .insert(certificateCriteria)
        .values(specs.map((s, position) => ({ ruleId: row.id, position, ...s })))
        .run();
      await recordAudit(tx, viewer, {
        action: 'defineCertificateRule',
        targetType: 'CertificateRule',
        targetId: `${code}@${row.version}`,
        institutionId: owner.id,
        summary: `Defined rule ${code} version ${row.version} with ${specs.length} criteria`,
      });
      return row;
    });
    return ok(rule);
  }

  private async ownerFor(viewer: Viewer, institutionCode: string | null | undefined, p: Problems) {
    if (institutionCode) {
      const found = await this.institutions.findByCode(institutionCode);
      if (!found) p.add(['institutionCode'], 'NOT_FOUND', `No institution has code ${institutionCode}`);
      return found;
    }
    if (viewer.institutionId === null) {
      p.add(['institutionCode'], 'REQUIRED', 'Say which institution owns the rule');
      return undefined;
    }
    return await this.db.read.select().from(institutions).where(eq(institutions.id, viewer.institutionId)).get();
  }

  private validateCriteria(criteria: RuleDefinition['criteria'], p: Problems): CriterionSpec[] {
    if (criteria.length === 0) p.add(['criteria'], 'REQUIRED', 'A rule needs at least one criterion');
    if (criteria.length > MAX_CRITERIA) p.add(['criteria'], 'TOO_LARGE', `At most ${MAX_CRITERIA} criteria`);
    return criteria.map((c, i) => {
      const at = (field: string) => ['criteria', i, field];
      const threshold = c.threshold ?? null;
      const assessmentKind = c.assessmentKind ?? null;
      const needsAssessment = c.kind === 'ASSESSMENT_SCORE' || c.kind === 'ASSESSMENT_SUBMITTED';
      if (needsAssessment && !assessmentKind) p.add(at('assessmentKind'), 'REQUIRED', `${c.kind} needs an assessmentKind`);
      if (!needsAssessment && assessmentKind) p.add(at('assessmentKind'), 'INVALID', `${c.kind} takes no assessmentKind`);
      if (threshold !== null && (!Number.isFinite(threshold) || threshold < 0)) {
        p.add(at('threshold'), 'OUT_OF_RANGE', 'The threshold cannot be negative');
      }
      if ((c.kind === 'ATTENDANCE_PERCENT' || c.kind === 'MODULES_COMPLETED_PERCENT') && threshold !== null && threshold > 100) {
        p.add(at('threshold'), 'OUT_OF_RANGE', 'Percentages are on a 0-100 scale');
      }
      if ((c.kind === 'ATTENDANCE_MINUTES' || c.kind === 'ATTENDANCE_PERCENT') && threshold === null) {
        p.add(at('threshold'), 'REQUIRED', `${c.kind} needs a threshold`);
      }
      return { kind: c.kind, threshold: c.kind === 'ASSESSMENT_SUBMITTED' ? null : threshold, assessmentKind };
    });
  }

  async byCodeAndVersion(code: string, version: number) {
    return await this.db.read
      .select()
      .from(certificateRules)
      .where(and(eq(certificateRules.code, code), eq(certificateRules.version, version)))
      .get();
  }
}
