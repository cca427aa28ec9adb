import { sql } from 'drizzle-orm';
import { type Page, type PageArgs } from '../../db/paginate';
import { pagesByParent } from '../../db/ranked';
import type { CompetencyAssessmentRow } from '../../db/schema';
import { DateTime } from 'luxon';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { chunked } from '../../db/batch';
import type { Database } from '../../db/database';
import { competencyAssessments } from '../../db/schema';
import { fail, ok, type Result } from '../../core/errors';
import { Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import { resolveLearnerEntries } from '../learners/learner-matcher';
import type { CompetencyService } from './competency.service';

export interface AssessmentData {
  nip: string;
  competencyCode: string;
  level: number;
  assessedAt: string;
}

export const MAX_ASSESSMENTS = 10_000;

export class CompetencyAssessmentService {
  constructor(
    private readonly db: Database,
    private readonly competencies: CompetencyService,
  ) {}

  /**
   * Each learner's assessment history, latest first. Only for learners the
   * viewer may read: Learner's fields are guarded (see learner-view.ts).
   */
  historyPages(learnerIds: number[], args: PageArgs): Promise<Page<CompetencyAssessmentRow>[]> {
    const a = competencyAssessments;
    return pagesByParent(this.db.read, args, learnerIds, {
      table: a,
      parent: a.learnerId,
      order: [
        { column: a.assessedAt, direction: 'desc', value: (r) => r.assessedAt.getTime() },
        { column: a.id, direction: 'desc', value: (r) => r.id },
      ],
    });
  }

  /** Stores assessed levels; history is kept and the latest counts. All or nothing. */
  async record(viewer: Viewer, input: { assessments: AssessmentData[] }): Promise<Result<{ recorded: number }>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const list = input.assessments;
    if (list.length > MAX_ASSESSMENTS) {
      return fail({ field: ['assessments'], code: 'TOO_LARGE', message: `At most ${MAX_ASSESSMENTS} assessments per call` });
    }
    const p = new Problems();
    const found = await this.competencies.byCodes(list.map((a) => a.competencyCode.trim()));
    const people = await resolveLearnerEntries(this.db.read, list, p, {
      at: (i, key) => ['assessments', i, key],
      usable: (l) => policy.canManageLearner(viewer, l),
      unreachable: policy.unreachableCode(viewer),
      unique: false,
    });
    const rows = list.flatMap((a, i) => {
      const at = (field: string) => ['assessments', i, field];
      const learner = people[i];
      const competency = found.get(a.competencyCode.trim());
      const level = p.intRange(a.level, at('level'), 'Level', 1, 5);
      if (!competency) p.add(at('competencyCode'), 'NOT_FOUND', `No competency has code ${a.competencyCode}`);
      const assessedAt = DateTime.fromISO(a.assessedAt, { setZone: true });
      if (!assessedAt.isValid) p.add(at('assessedAt'), 'INVALID', 'Not an ISO-8601 date-time');
      if (!learner || !competency || level === null || !assessedAt.isValid) return [];
      return [{ learnerId: learner.id, competencyId: competency.id, level, assessedAt: assessedAt.toJSDate() }];
    });
    if (p.any) return fail(...p.list);

    // One row per key, the last level in its first place: PostgreSQL refuses to upsert a row twice in one
    // statement, where SQLite updates the row it inserted earlier in the list.
    const byKey = new Map(rows.map((r) => [`${r.learnerId}:${r.competencyId}:${r.assessedAt.getTime()}`, r]));
    await this.db.write(async (tx) => {
      for (const part of chunked([...byKey.values()], 200)) {
        await tx.insert(competencyAssessments)
          .values(part)
          .onConflictDoUpdate({
            target: [competencyAssessments.learnerId, competencyAssessments.competencyId, competencyAssessments.assessedAt],
            set: { level: sql`excluded.level` },
          })
          .run();
      }
      await recordAudit(tx, viewer, {
        action: 'recordCompetencyAssessments',
        targetType: 'Learner',
        targetId: rows.length === 1 ? list[0].nip : undefined,
        summary: `Recorded ${rows.length} competency assessments for ${new Set(rows.map((r) => r.learnerId)).size} learners`,
      });
    });
    return ok({ recorded: rows.length });
  }
}
