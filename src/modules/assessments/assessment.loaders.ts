import DataLoader from 'dataloader';
import type { Viewer } from '../../auth/viewer';
import type { AssessmentRow } from '../../db/schema';
import type { AssessmentService } from './assessment.service';

export function createAssessmentLoaders(assessments: AssessmentService, viewer: Viewer) {
  return {
    /** A session's assessments, for the organiser's admins (others: FORBIDDEN). */
    assessmentsBySession: new DataLoader<{ id: number; organizerPath: string }, AssessmentRow[], number>(
      async (sessions) => assessments.ofSessions(viewer, sessions),
      { cacheKeyFn: (s) => s.id },
    ),
    scoreCountByAssessment: new DataLoader<number, number>(async (ids) => assessments.scoreCounts(ids)),
  };
}
