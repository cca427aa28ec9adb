import type { Db } from '../../db/database';
import type { Dialect } from '../../db/portable';
import { statement } from '../../db/statement';

/** A competency gap to close: the competency, the level required, and how many curricula to suggest. */
export interface RecommendationKey {
  competencyId: number;
  level: number;
  first: number;
}

export const recommendationKey = (k: RecommendationKey) => `${k.competencyId}:${k.level}:${k.first}`;

/** The keys as rows (ord: place in the list from 0): SQLite's json_each numbers array elements, PostgreSQL's does not take arrays. */
const keyRows = (dialect: Dialect) =>
  dialect === 'sqlite'
    ? 'SELECT key AS ord, value ->> 0 AS competency_id, value ->> 1 AS level, value ->> 2 AS first FROM json_each(?)'
    : `SELECT e.n - 1 AS ord, (e.value ->> 0)::bigint AS competency_id, (e.value ->> 1)::bigint AS level, (e.value ->> 2)::bigint AS first
       FROM json_array_elements(?::json) WITH ORDINALITY AS e(value, n)`;

/**
 * For each key (a JSON list of [competencyId, level, first], the one parameter):
 * the ids of the best `first` published curricula with an outcome for the
 * competency at or above the level; best first: the closest target level,
 * then the fewest JP, then code, newest version. Ranked in SQL, so the answer
 * stays a few rows however large the catalogue.
 */
const rankedRecommendations = statement<[string], { ord: number; id: number }>(
  (dialect) => `
    WITH k AS (
      ${keyRows(dialect)}
    ),
    best AS (
      SELECT k.ord, o.curriculum_id, min(o.target_level) AS target
      FROM k JOIN curriculum_outcomes o ON o.competency_id = k.competency_id AND o.target_level >= k.level
      GROUP BY k.ord, o.curriculum_id
    ),
    ranked AS (
      SELECT best.ord, c.id, row_number() OVER (PARTITION BY best.ord ORDER BY best.target, c.total_jp, c.code, c.version DESC) AS rank
      FROM best JOIN curricula c ON c.id = best.curriculum_id AND c.status = 'PUBLISHED'
    )
    SELECT ranked.ord, ranked.id FROM ranked JOIN k ON k.ord = ranked.ord
    WHERE ranked.rank <= k.first
    ORDER BY ranked.ord, ranked.rank`,
);

export async function recommendedCurriculumIds(db: Db, keys: readonly RecommendationKey[]): Promise<number[][]> {
  const rows = await rankedRecommendations(db).all(JSON.stringify(keys.map((k) => [k.competencyId, k.level, k.first])));
  const ids: number[][] = keys.map(() => []);
  for (const row of rows) ids[row.ord].push(row.id);
  return ids;
}
