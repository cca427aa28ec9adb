import DataLoader from 'dataloader';
import { asc, inArray } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { selectByKeys } from '../../db/keyed';
import {
  competencies,
  competencyFrameworks,
  competencyLevels,
  type CompetencyFrameworkRow,
  type CompetencyLevelRow,
  type CompetencyRow,
} from '../../db/schema';
import { byKey, groupByKey } from '../../core/by-key';

export function createCompetencyLoaders(db: Database) {
  return {
    frameworkById: new DataLoader<number, CompetencyFrameworkRow | null>(async (ids) =>
      byKey(ids, await selectByKeys(db.read, competencyFrameworks, competencyFrameworks.id, ids), (r) => r.id),
    ),
    competencyById: new DataLoader<number, CompetencyRow | null>(async (ids) =>
      byKey(ids, await selectByKeys(db.read, competencies, competencies.id, ids), (r) => r.id),
    ),
    competencyByCode: new DataLoader<string, CompetencyRow | null>(async (codes) =>
      byKey(codes, await selectByKeys(db.read, competencies, competencies.code, codes), (r) => r.code),
    ),
    competenciesByFramework: new DataLoader<number, CompetencyRow[]>(async (ids) =>
      groupByKey(
        ids,
        await db.read
          .select()
          .from(competencies)
          .where(inArray(competencies.frameworkId, [...ids]))
          .orderBy(asc(competencies.position))
          .all(),
        (r) => r.frameworkId,
      ),
    ),
    levelsByCompetency: new DataLoader<number, CompetencyLevelRow[]>(async (ids) =>
      groupByKey(
        ids,
        await db.read
          .select()
          .from(competencyLevels)
          .where(inArray(competencyLevels.competencyId, [...ids]))
          .orderBy(asc(competencyLevels.level))
          .all(),
        (r) => r.competencyId,
      ),
    ),
  };
}
