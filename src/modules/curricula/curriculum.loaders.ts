import DataLoader from 'dataloader';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { selectByKeys } from '../../db/keyed';
import {
  curricula,
  curriculumModuleOutcomes,
  curriculumModules,
  curriculumOutcomes,
  type CurriculumModuleRow,
  type CurriculumOutcomeRow,
  type CurriculumRow,
} from '../../db/schema';
import { byKey, groupByKey } from '../../graphql/loader-utils';

export interface CompetencyLevelKey {
  competencyId: number;
  level: number;
}

export function createCurriculumLoaders(db: Database) {
  return {
    curriculumById: new DataLoader<number, CurriculumRow | null>(async (ids) =>
      byKey(ids, selectByKeys(db.read, curricula, curricula.id, ids), (r) => r.id),
    ),
    outcomesByCurriculum: new DataLoader<number, CurriculumOutcomeRow[]>(async (ids) =>
      groupByKey(
        ids,
        selectByKeys(db.read, curriculumOutcomes, curriculumOutcomes.curriculumId, ids, { column: curriculumOutcomes.position, direction: 'asc' }),
        (r) => r.curriculumId,
      ),
    ),
    modulesByCurriculum: new DataLoader<number, CurriculumModuleRow[]>(async (ids) =>
      groupByKey(
        ids,
        selectByKeys(db.read, curriculumModules, curriculumModules.curriculumId, ids, { column: curriculumModules.sequence, direction: 'asc' }),
        (r) => r.curriculumId,
      ),
    ),
    outcomesByModule: new DataLoader<number, CurriculumOutcomeRow[]>(async (ids) => {
      const rows = db.read
        .select({ moduleId: curriculumModuleOutcomes.moduleId, outcome: curriculumOutcomes })
        .from(curriculumModuleOutcomes)
        .innerJoin(curriculumOutcomes, eq(curriculumOutcomes.id, curriculumModuleOutcomes.outcomeId))
        .where(inArray(curriculumModuleOutcomes.moduleId, [...ids]))
        .orderBy(asc(curriculumOutcomes.position))
        .all();
      return groupByKey(ids, rows, (r) => r.moduleId).map((list) => list.map((r) => r.outcome));
    }),
    /**
     * Published curricula with an outcome that takes the competency to at
     * least the level; best first: the closest target level, then the fewest JP.
     */
    recommendedCurricula: new DataLoader<CompetencyLevelKey, CurriculumRow[], string>(
      async (keys) => {
        const rows = db.read
          .select({ competencyId: curriculumOutcomes.competencyId, targetLevel: curriculumOutcomes.targetLevel, curriculum: curricula })
          .from(curriculumOutcomes)
          .innerJoin(curricula, eq(curricula.id, curriculumOutcomes.curriculumId))
          .where(and(eq(curricula.status, 'PUBLISHED'), inArray(curriculumOutcomes.competencyId, [...new Set(keys.map((k) => k.competencyId))])))
          .all();
        return keys.map(({ competencyId, level }) => {
          const best = new Map<number, { row: CurriculumRow; target: number }>();
          for (const r of rows) {
            if (r.competencyId !== competencyId || r.targetLevel < level) continue;
            const seen = best.get(r.curriculum.id);
            if (!seen || r.targetLevel < seen.target) best.set(r.curriculum.id, { row: r.curriculum, target: r.targetLevel });
          }
          return [...best.values()]
            .sort((a, b) => a.target - b.target || a.row.totalJp - b.row.totalJp || a.row.code.localeCompare(b.row.code) || b.row.version - a.row.version)
            .map((x) => x.row);
        });
      },
      { cacheKeyFn: (k) => `${k.competencyId}:${k.level}` },
    ),
  };
}
