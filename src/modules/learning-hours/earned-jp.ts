import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/** The national yearly duty for PNS (PP 11/2017 art. 203(4)); institutions may set another. */
export const DEFAULT_TARGET_JP = 20;

/** A learner's yearly target: none for NON_ASN participants, else their institution's (inherited) or the national one. */
export const yearlyTargetJp = (employmentType: string, institutionTarget: number | undefined): number =>
  employmentType === 'NON_ASN' ? 0 : (institutionTarget ?? DEFAULT_TARGET_JP);

/**
 * `yearlyTargetJp` in SQL, for set-based statements: `learner` and
 * `institution` are aliases of the learner's row and of their institution's;
 * the institution's target is the nearest one up the tree that sets one.
 */
export const yearlyTargetJpSql = (learner: SQL, institution: SQL): SQL => sql`CASE WHEN ${learner}.employment_type = 'NON_ASN' THEN 0
  ELSE coalesce((SELECT a.target_jp FROM institutions a
    WHERE a.target_jp IS NOT NULL AND substr(${institution}.path, 1, length(a.path)) = a.path
    ORDER BY length(a.path) DESC LIMIT 1), ${DEFAULT_TARGET_JP}) END`;

/**
 * JP a learner earned in a year: VALID certificates whose activity falls in
 * it, as `learner_year_jp` keeps their sum (one key lookup). The one
 * definition every count, sort and summary uses.
 */
export const earnedJpSql = (learnerId: SQLiteColumn | SQL, year: number | SQL): SQL<number> =>
  sql<number>`coalesce((SELECT y.earned_jp FROM learner_year_jp y WHERE y.learner_id = ${learnerId} AND y.year = ${year}), 0)`;
