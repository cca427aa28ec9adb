import { and, eq, or, sql } from 'drizzle-orm';
import { contains } from '../../db/contains';
import { paginate, type Page, type PageArgs } from '../../db/paginate';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import type { Database } from '../../db/database';
import { positionRequirements, positions, type PositionRow } from '../../db/schema';
import { fail, forbidden, ok, type Result } from '../../core/errors';
import { Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import type { CompetencyService } from '../competencies/competency.service';

export interface PositionData {
  code: string;
  name: string;
  requirements: { competencyCode: string; level: number }[];
}

export class PositionService {
  constructor(
    private readonly db: Database,
    private readonly competencies: CompetencyService,
  ) {}

  /** National reference data, readable by any token, by code; `search` is part of the code or name. */
  async browse(viewer: Viewer, filter: { search?: string | null }, args: PageArgs): Promise<Page<PositionRow>> {
    policy.requireAuthenticated(viewer);
    const search = filter.search?.trim();
    const where = search ? or(contains(positions.code, search), contains(positions.name, search)) : undefined;
    return paginate(args, {
      rows: (page) => this.db.read.select().from(positions).where(and(where, page.after)).orderBy(...page.orderBy).limit(page.limit).all(),
      order: [
        { column: positions.code, direction: 'asc', value: (r) => r.code },
        { column: positions.id, direction: 'asc', value: (r) => r.id },
      ],
      count: async () => (await this.db.read.select({ n: sql<number>`count(*)` }).from(positions).where(where).get())!.n,
    });
  }

  /** Creates or replaces a position and its whole list of requirements (SUPERADMIN). */
  async upsert(viewer: Viewer, input: PositionData): Promise<Result<PositionRow>> {
    policy.requireAuthenticated(viewer);
    if (!policy.canWriteReferenceData(viewer)) throw forbidden('Only a superadmin keeps positions');
    const p = new Problems();
    const code = p.code(input.code, ['code']);
    const name = p.text(input.name, ['name'], 'Name');
    const found = await this.competencies.byCodes(input.requirements.map((r) => r.competencyCode.trim()));
    const seen = new Set<number>();
    const requirements = input.requirements.flatMap((r, i) => {
      const competency = found.get(r.competencyCode.trim());
      const level = p.intRange(r.level, ['requirements', i, 'level'], 'Level', 1, 5);
      if (!competency) {
        p.add(['requirements', i, 'competencyCode'], 'NOT_FOUND', `No competency has code ${r.competencyCode}`);
        return [];
      }
      if (seen.has(competency.id)) p.add(['requirements', i, 'competencyCode'], 'DUPLICATE', `${competency.code} is listed twice`);
      seen.add(competency.id);
      return level === null ? [] : [{ competencyId: competency.id, level }];
    });
    if (p.any || !code || !name) return fail(...p.list);

    const row = await this.db.write(async (tx) => {
      const existing = await tx.select().from(positions).where(eq(positions.code, code)).get();
      const position = existing
        ? await tx.update(positions).set({ name, updatedAt: new Date() }).where(eq(positions.id, existing.id)).returning().get()
        : await tx.insert(positions).values({ code, name }).returning().get();
      await tx.delete(positionRequirements).where(eq(positionRequirements.positionId, position.id)).run();
      if (requirements.length > 0) {
        await tx
          .insert(positionRequirements)
          .values(requirements.map((r) => ({ ...r, positionId: position.id })))
          .run();
      }
      await recordAudit(tx, viewer, {
        action: 'upsertPosition',
        targetType: 'Position',
        targetId: code,
        summary: `${existing ? 'Updated' : 'Created'} position ${code} with ${requirements.length} competency requirements`,
      });
      return position;
    });
    return ok(row);
  }
}
