import DataLoader from 'dataloader';
import type { Database } from '../../db/database';
import { selectByKeys } from '../../db/keyed';
import { positionRequirements, positions, type PositionRequirementRow, type PositionRow } from '../../db/schema';
import { byKey, groupByKey } from '../../core/by-key';

export function createPositionLoaders(db: Database) {
  return {
    positionById: new DataLoader<number, PositionRow | null>(async (ids) =>
      byKey(ids, await selectByKeys(db.read, positions, positions.id, ids), (r) => r.id),
    ),
    requirementsByPosition: new DataLoader<number, PositionRequirementRow[]>(async (ids) =>
      groupByKey(
        ids,
        await selectByKeys(db.read, positionRequirements, positionRequirements.positionId, ids),
        (r) => r.positionId,
      ),
    ),
  };
}
