import DataLoader from 'dataloader';
import type { Viewer } from '../../auth/viewer';
import type { AppError } from '../../core/errors';
import type { LearnerRow } from '../../db/schema';
import type { LearningHoursService } from './learning-hours.service';
import type { LearningHoursData as LearningHours } from './learning-hours.model';

type Key = { learner: Pick<LearnerRow, 'id' | 'institutionId' | 'employmentType'>; year: number };

export function createLearningHoursLoaders(service: LearningHoursService, viewer: Viewer) {
  return {
    /** Batches learningHours of a page of learners into one query per year. */
    learningHours: new DataLoader<Key, LearningHours, string>(
      async (keys) => {
        const byYear = new Map<number, Key[]>();
        for (const k of keys) byYear.set(k.year, [...(byYear.get(k.year) ?? []), k]);
        const results = new Map<string, LearningHours | AppError>();
        for (const [year, group] of byYear) {
          (await service.forLearners(viewer, group.map((k) => k.learner), year)).forEach((h, i) => results.set(`${group[i].learner.id}:${year}`, h));
        }
        return keys.map((k) => results.get(`${k.learner.id}:${k.year}`)!);
      },
      { cacheKeyFn: (k) => `${k.learner.id}:${k.year}` },
    ),
  };
}
