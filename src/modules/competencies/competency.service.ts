import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { chunked } from '../../db/batch';
import { contentHash } from '../../db/content-hash';
import type { Database, Db } from '../../db/database';
import {
  competencies,
  competencyAssessments,
  competencyFrameworks,
  competencyLevels,
  curriculumOutcomes,
  positionRequirements,
  type CompetencyFrameworkRow,
  type CompetencyGroupName,
  type CompetencyRow,
} from '../../db/schema';
import { fail, forbidden, rollbackOnUserErrors, UserErrorsAbort, type Result } from '../../core/errors';
import { MULTI_LINE, Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import type { UpsertOutcomeName } from './upsert-outcome';
import { storable } from '../../db/portable';

export interface CompetencyData {
  code: string;
  name: string;
  group: CompetencyGroupName;
  description?: string | null;
  levels: { level: number; description: string }[];
}

export interface FrameworkData {
  code: string;
  name: string;
  version: number;
  competencies: CompetencyData[];
}

type CleanCompetency = Required<Omit<CompetencyData, 'description'>> & { description: string | null };

export class CompetencyService {
  constructor(private readonly db: Database) {}

  /** The public catalogue of frameworks, by code. */
  async listFrameworks(): Promise<CompetencyFrameworkRow[]> {
    return await this.db.read.select().from(competencyFrameworks).orderBy(asc(competencyFrameworks.code)).all();
  }

  /** Competencies by code, in one query per 500 codes. */
  async byCodes(codes: Iterable<string>, db: Db = this.db.read): Promise<Map<string, CompetencyRow>> {
    const found = new Map<string, CompetencyRow>();
    for (const part of chunked([...new Set(codes)].filter(storable), 500)) {
      for (const c of await db.select().from(competencies).where(inArray(competencies.code, part)).all()) found.set(c.code, c);
    }
    return found;
  }

  /** Writes a whole framework; SUPERADMIN, or a SYNC_CLIENT whose institution then owns it. */
  async upsertFramework(
    viewer: Viewer,
    input: FrameworkData,
  ): Promise<Result<{ outcome: UpsertOutcomeName; framework: CompetencyFrameworkRow }>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'SYNC_CLIENT');
    const p = new Problems();
    const code = p.code(input.code, ['code']);
    const name = p.text(input.name, ['name'], 'Name');
    const version = p.intRange(input.version, ['version'], 'Version', 1, 1_000_000);
    const list = this.validateCompetencies(input.competencies, p);
    if (p.any || !code || !name || version === null) return fail(...p.list);
    const hash = contentHash({ name, version, list });

    return rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        const existing = (await tx.select().from(competencyFrameworks).where(eq(competencyFrameworks.code, code)).get()) ?? null;
        if (!policy.canWriteFramework(viewer, existing)) throw forbidden(`You cannot write competency framework ${code}`);
        await this.checkCodesFree(tx, list, existing?.id ?? null);
        if (existing && existing.contentHash === hash) return { outcome: 'UNCHANGED' as const, framework: existing };

        const values = { code, name, version, contentHash: hash, updatedAt: new Date() };
        const framework = existing
          ? await tx.update(competencyFrameworks).set(values).where(eq(competencyFrameworks.id, existing.id)).returning().get()
          : await tx
              .insert(competencyFrameworks)
              .values({ ...values, ownerId: viewer.role === 'SYNC_CLIENT' ? viewer.institutionId : null })
              .returning()
              .get();
        await this.replaceCompetencies(tx, framework.id, list);
        const outcome = existing ? ('UPDATED' as const) : ('CREATED' as const);
        await recordAudit(tx, viewer, {
          action: 'upsertCompetencyFramework',
          targetType: 'CompetencyFramework',
          targetId: code,
          institutionId: framework.ownerId,
          summary: `${outcome === 'CREATED' ? 'Created' : 'Updated'} competency framework ${code} v${version} (${list.length} competencies)`,
        });
        return { outcome, framework };
      }),
    );
  }

  private validateCompetencies(input: CompetencyData[], p: Problems): CleanCompetency[] {
    if (input.length === 0) p.add(['competencies'], 'REQUIRED', 'A framework has at least one competency');
    const seen = new Map<string, number>();
    return input.flatMap((c, i) => {
      const at = (...rest: (string | number)[]) => ['competencies', i, ...rest];
      const code = p.code(c.code, at('code'));
      const name = p.text(c.name, at('name'), 'Name');
      const description = p.optionalText(c.description, at('description'), 'Description', 2000, MULTI_LINE);
      if (code !== null) {
        if (seen.has(code)) p.add(at('code'), 'DUPLICATE', `Same code as competencies[${seen.get(code)}]`);
        else seen.set(code, i);
      }
      if (c.levels.length === 0) p.add(at('levels'), 'REQUIRED', 'Describe at least one level (1-5)');
      const levelsSeen = new Set<number>();
      const levels = c.levels.flatMap((l, j) => {
        const level = p.intRange(l.level, at('levels', j, 'level'), 'Level', 1, 5);
        const text = p.text(l.description, at('levels', j, 'description'), 'Level description', 2000, MULTI_LINE);
        if (level !== null && levelsSeen.has(level)) p.add(at('levels', j, 'level'), 'DUPLICATE', `Level ${level} is described twice`);
        if (level !== null) levelsSeen.add(level);
        return level !== null && text !== null ? [{ level, description: text }] : [];
      });
      levels.sort((a, b) => a.level - b.level);
      return code && name ? [{ code, name, group: c.group, description, levels }] : [];
    });
  }

  /** Competency codes are global: one held by another framework is a userError. */
  private async checkCodesFree(tx: Db, list: CleanCompetency[], frameworkId: number | null): Promise<void> {
    const taken = [...(await this.byCodes(list.map((c) => c.code), tx)).values()].filter((c) => c.frameworkId !== frameworkId);
    if (taken.length === 0) return;
    const index = new Map(list.map((c, i) => [c.code, i]));
    throw new UserErrorsAbort(
      taken.map((c) => ({
        field: ['competencies', String(index.get(c.code)), 'code'],
        code: 'DUPLICATE',
        message: `Competency ${c.code} belongs to another framework`,
      })),
    );
  }

  private async replaceCompetencies(tx: Db, frameworkId: number, list: CleanCompetency[]): Promise<void> {
    const current = new Map(
      (await tx.select().from(competencies).where(eq(competencies.frameworkId, frameworkId)).all()).map((c) => [c.code, c]),
    );
    const keep = new Set(list.map((c) => c.code));
    const removed = [...current.values()].filter((c) => !keep.has(c.code));
    if (removed.length > 0) await this.removeUnused(tx, removed);

    const ids = new Map<string, number>();
    for (const [position, c] of list.entries()) {
      const values = { frameworkId, code: c.code, name: c.name, group: c.group, description: c.description, position };
      const existing = current.get(c.code);
      if (existing) {
        await tx.update(competencies).set(values).where(eq(competencies.id, existing.id)).run();
        ids.set(c.code, existing.id);
      } else {
        ids.set(c.code, (await tx.insert(competencies).values(values).returning({ id: competencies.id }).get()).id);
      }
    }
    const allIds = [...ids.values()];
    await tx.delete(competencyLevels).where(inArray(competencyLevels.competencyId, allIds)).run();
    const levelRows = list.flatMap((c) => c.levels.map((l) => ({ competencyId: ids.get(c.code)!, ...l })));
    for (const part of chunked(levelRows, 300)) await tx.insert(competencyLevels).values(part).run();
  }

  /** Competencies dropped from a framework go, unless a position, outcome or assessment uses them. */
  private async removeUnused(tx: Db, removed: CompetencyRow[]): Promise<void> {
    const ids = removed.map((c) => c.id);
    const used = await tx
      .select({ id: competencies.id, code: competencies.code })
      .from(competencies)
      .where(
        and(
          inArray(competencies.id, ids),
          sql`(exists (select 1 from ${positionRequirements} where ${positionRequirements.competencyId} = ${competencies.id})
            or exists (select 1 from ${curriculumOutcomes} where ${curriculumOutcomes.competencyId} = ${competencies.id})
            or exists (select 1 from ${competencyAssessments} where ${competencyAssessments.competencyId} = ${competencies.id}))`,
        ),
      )
      .all();
    if (used.length > 0) {
      throw new UserErrorsAbort(
        used.map((c) => ({
          field: ['competencies'],
          code: 'IN_USE',
          message: `Competency ${c.code} is used by positions, curricula or assessments and cannot be removed`,
        })),
      );
    }
    await tx.delete(competencies).where(inArray(competencies.id, ids)).run();
  }
}

/** Notes every code that names no competency (competency codes are unique across frameworks). */
export async function checkCompetencyCodes(db: Db, codes: (string | null)[], field: string, p: Problems): Promise<void> {
  const wanted = codes.filter((c): c is string => c !== null);
  if (wanted.length === 0) return;
  const sent = wanted.filter(storable);
  const known = new Set(
    sent.length === 0 ? [] : (await db.select({ code: competencies.code }).from(competencies).where(inArray(competencies.code, sent)).all()).map((r) => r.code),
  );
  codes.forEach((code, i) => {
    if (code !== null && !known.has(code)) p.add([field, i], 'NOT_FOUND', `No competency has code ${code}`);
  });
}
