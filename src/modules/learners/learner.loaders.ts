import DataLoader from 'dataloader';
import type { Database } from '../../db/database';
import { selectByKeys } from '../../db/keyed';
import { learners, type LearnerRow } from '../../db/schema';
import { byKey } from '../../core/by-key';

export function createLearnerLoaders(db: Database) {
  return {
    learnerById: new DataLoader<number, LearnerRow | null>(async (ids) =>
      byKey(ids, selectByKeys(db.read, learners, learners.id, ids), (r) => r.id),
    ),
  };
}
