import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { learners, type LearnerRow } from '../../db/schema';
import { byKey } from '../../graphql/loader-utils';

export function createLearnerLoaders(db: Database) {
  return {
    learnerById: new DataLoader<number, LearnerRow | null>(async (ids) =>
      byKey(ids, db.read.select().from(learners).where(inArray(learners.id, [...ids])).all(), (r) => r.id),
    ),
  };
}
