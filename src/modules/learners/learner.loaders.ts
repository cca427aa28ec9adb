import DataLoader from 'dataloader';
import type { Viewer } from '../../auth/viewer';
import type { Database } from '../../db/database';
import { byKey } from '../../core/by-key';
import type { LearnerService } from './learner.service';
import { presentLearner, type LearnerView } from './learner-view';

export function createLearnerLoaders(db: Database, learners: LearnerService, viewer: Viewer) {
  return {
    /** Learners as this viewer may see them (see `presentLearner`), one statement per batch. */
    learnerById: new DataLoader<number, LearnerView | null>(async (ids) =>
      byKey(ids, await learners.withPaths(ids), (r) => r.id).map((row) => row && presentLearner(viewer, row)),
    ),
  };
}
