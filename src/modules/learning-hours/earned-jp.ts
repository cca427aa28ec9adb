import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/** The national yearly duty for PNS (PP 11/2017 art. 203(4)); institutions may set another. */
export const DEFAULT_TARGET_JP = 20;

/** A learner's yearly target: none for NON_ASN participants, else their institution's (inherited) or the national one. */
export const yearlyTargetJp = (employmentType: string, institutionTarget: number | undefined): number =>
  employmentType === 'NON_ASN' ? 0 : (institutionTarget ?? DEFAULT_TARGET_JP);

/**
 * JP a learner earned in a year: VALID certificates whose activity falls in
 * it, as `learner_year_jp` keeps their sum (one key lookup). The one
 * definition every count, sort and summary uses.
 */
export const earnedJpSql = (learnerId: SQLiteColumn | SQL, year: number | SQL): SQL<number> =>
  sql<number>`coalesce((SELECT y.earned_jp FROM learner_year_jp y WHERE y.learner_id = ${learnerId} AND y.year = ${year}), 0)`;
