import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { positionRequirements, positions, type PositionRequirementRow, type PositionRow } from '../../db/schema';
import { byKey, groupByKey } from '../../graphql/loader-utils';

export function createPositionLoaders(db: Database) {
  return {
    positionById: new DataLoader<number, PositionRow | null>(async (ids) =>
      byKey(ids, db.read.select().from(positions).where(inArray(positions.id, [...ids])).all(), (r) => r.id),
    ),
    requirementsByPosition: new DataLoader<number, PositionRequirementRow[]>(async (ids) =>
      groupByKey(
        ids,
        db.read.select().from(positionRequirements).where(inArray(positionRequirements.positionId, [...ids])).all(),
        (r) => r.positionId,
      ),
    ),
  };
}
