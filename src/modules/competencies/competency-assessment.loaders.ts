import DataLoader from 'dataloader';
import { and, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { competencyAssessments } from '../../db/schema';
import { groupByKey } from '../../core/by-key';
import { pageLoader } from '../../db/page-loader';
import type { CompetencyAssessmentRow } from '../../db/schema';
import type { CompetencyAssessmentService } from './competency-assessment.service';

export interface LatestAssessment {
  learnerId: number;
  competencyId: number;
  level: number;
  assessedAt: Date;
}

export function createCompetencyAssessmentLoaders(db: Database) {
  const a = competencyAssessments;
  return {
    /** Each learner's latest assessment per competency (ties on time: the last recorded). */
    latestAssessmentsByLearner: new DataLoader<number, LatestAssessment[]>(async (ids) =>
      groupByKey(
        ids,
        await db.read
          .select({ learnerId: a.learnerId, competencyId: a.competencyId, level: a.level, assessedAt: a.assessedAt })
          .from(a)
          .where(
            and(
              inArray(a.learnerId, [...ids]),
              sql`${a.id} = (select b.id from ${a} b where b.learner_id = ${a.learnerId} and b.competency_id = ${a.competencyId}
                order by b.assessed_at desc, b.id desc limit 1)`,
            ),
          )
          .all(),
        (r) => r.learnerId,
      ),
    ),
  };
}

export function createCompetencyHistoryLoaders(history: CompetencyAssessmentService) {
  return {
    /** `Learner.competencyAssessments` pages, batched across the learners of a list. */
    competencyHistoryOfLearner: pageLoader<{ id: number }, CompetencyAssessmentRow>((learners, args) =>
      history.historyPages(learners.map((l) => l.id), args),
    ),
  };
}
