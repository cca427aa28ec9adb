import type { PositionRequirementRow } from '../../db/schema';
import type { LatestAssessment } from './competency-assessment.loaders';

export interface GapRow {
  competencyId: number;
  requiredLevel: number;
  currentLevel: number | null;
  gap: number;
  assessedAt: Date | null;
}

/** A position's requirements against the latest assessments; largest gap first. Unassessed counts as level 0. */
export function competencyGaps(requirements: PositionRequirementRow[], latest: LatestAssessment[]): GapRow[] {
  const byCompetency = new Map(latest.map((a) => [a.competencyId, a]));
  return requirements
    .map((r) => {
      const a = byCompetency.get(r.competencyId);
      const currentLevel = a?.level ?? null;
      return {
        competencyId: r.competencyId,
        requiredLevel: r.level,
        currentLevel,
        gap: Math.max(0, r.level - (currentLevel ?? 0)),
        assessedAt: a?.assessedAt ?? null,
      };
    })
    .sort((a, b) => b.gap - a.gap || a.competencyId - b.competencyId);
}
