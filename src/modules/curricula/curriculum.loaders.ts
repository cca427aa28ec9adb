import DataLoader from 'dataloader';
import { asc, eq, inArray } from 'drizzle-orm';
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
import { byKey, groupByKey } from '../../core/by-key';
import type { CurriculumService } from './curriculum.service';
import { recommendationKey, type RecommendationKey } from './recommendations';

export function createCurriculumLoaders(db: Database, service: CurriculumService) {
  return {
    curriculumById: new DataLoader<number, CurriculumRow | null>(async (ids) =>
      byKey(ids, await selectByKeys(db.read, curricula, curricula.id, ids), (r) => r.id),
    ),
    outcomesByCurriculum: new DataLoader<number, CurriculumOutcomeRow[]>(async (ids) =>
      groupByKey(
        ids,
        await selectByKeys(db.read, curriculumOutcomes, curriculumOutcomes.curriculumId, ids, { column: curriculumOutcomes.position, direction: 'asc' }),
        (r) => r.curriculumId,
      ),
    ),
    modulesByCurriculum: new DataLoader<number, CurriculumModuleRow[]>(async (ids) =>
      groupByKey(
        ids,
        await selectByKeys(db.read, curriculumModules, curriculumModules.curriculumId, ids, { column: curriculumModules.sequence, direction: 'asc' }),
        (r) => r.curriculumId,
      ),
    ),
    outcomesByModule: new DataLoader<number, CurriculumOutcomeRow[]>(async (ids) => {
      const rows = await db.read
        .select({ moduleId: curriculumModuleOutcomes.moduleId, outcome: curriculumOutcomes })
        .from(curriculumModuleOutcomes)
        .innerJoin(curriculumOutcomes, eq(curriculumOutcomes.id, curriculumModuleOutcomes.outcomeId))
        .where(inArray(curriculumModuleOutcomes.moduleId, [...ids]))
        .orderBy(asc(curriculumOutcomes.position))
        .all();
      return groupByKey(ids, rows, (r) => r.moduleId).map((list) => list.map((r) => r.outcome));
    }),
    recommendedCurriculumIds: new DataLoader<RecommendationKey, number[], string>(async (keys) => service.recommendedIds(keys), {
      cacheKeyFn: recommendationKey,
    }),
  };
}
