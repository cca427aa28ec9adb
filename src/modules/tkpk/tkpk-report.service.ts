import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import type { Database } from '../../db/database';
import { portable } from '../../db/portable';
import { defineTask, type ReadPool } from '../../db/read-pool';
import { POVERTY_STRATEGIES, TKPK_PROGRAM_GROUPS, type InstitutionRow, type PovertyStrategyName, type TkpkProgramGroupName } from '../../db/schema';
import { badInput } from '../../core/errors';

export interface TkpkCounts {
  learners: number;
  nonAsnLearners: number;
  certificates: number;
  jp: number;
}

export interface TkpkReportData {
  from: string;
  to: string;
  byProgramGroup: (TkpkCounts & { programGroup: TkpkProgramGroupName })[];
  byStrategy: (TkpkCounts & { strategy: PovertyStrategyName })[];
}

/** SQLite's CROSS JOIN fixes the join order; PostgreSQL's takes no ON clause, and plans its own order. */
const ordered = portable({ sqlite: sql`CROSS JOIN`, postgres: sql`JOIN` });

const ZERO: TkpkCounts = { learners: 0, nonAsnLearners: 0, certificates: 0, jp: 0 };

function checkDate(value: string, name: string): DateTime {
  const date = DateTime.fromISO(value, { zone: 'utc' });
  if (!date.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw badInput(`${name} must be a date such as 2025-01-01`);
  return date;
}

/** The TKPK semester report: learning that served poverty reduction, per program group and strategy. */
export class TkpkReportService {
  constructor(
    private readonly db: Database,
    private readonly pool: ReadPool,
  ) {}

  /** `report` on the read pool: like a dashboard, it walks every learner of the subtree (a province at national scale). */
  reportOnPool(viewer: Viewer, institution: InstitutionRow, from: string, to: string): Promise<TkpkReportData> {
    return this.pool.run(reportTask, { viewer, institution, from, to });
  }

  /**
   * VALID certificates of the subtree's learners dated in [from, to], counted
   * under every tag of their session or of their cohort's curriculum: one
   * statement, driven from the subtree's learners like progressSummary.
   */
  async report(viewer: Viewer, institution: InstitutionRow, from: string, to: string): Promise<TkpkReportData> {
    policy.requireManage(viewer, institution.path, `You cannot see the reports of ${institution.code}`);
    const start = checkDate(from, 'from');
    const end = checkDate(to, 'to');
    if (end < start) throw badInput('to must not be before from');
    // Driven from the subtree's learners, in this order (CROSS JOIN fixes it), and computed once (MATERIALIZED):
    // left to itself SQLite starts from every VALID certificate, or every cohort.
    const rows = await this.db.read.all<TkpkCounts & { tag: string }>(sql`
      WITH held AS MATERIALIZED (
        SELECT cert.learner_id, cert.jp, cert.subject_type, cert.subject_id, l.employment_type
        FROM institutions i
        ${ordered} learners l ON l.institution_id = i.id
        ${ordered} certificates cert ON cert.learner_id = l.id AND cert.activity_year BETWEEN ${start.year} AND ${end.year}
          AND cert.status = 'VALID' AND cert.activity_date BETWEEN ${from} AND ${to}
        WHERE i.path LIKE ${`${institution.path}%`}
      ),
      t AS (
        SELECT held.*, s.tag FROM held ${ordered} session_tkpk_tags s ON held.subject_type = 'SESSION' AND s.session_id = held.subject_id
        UNION ALL
        SELECT held.*, ct.tag FROM held ${ordered} cohorts co ON held.subject_type = 'COHORT' AND co.id = held.subject_id
          ${ordered} curriculum_tkpk_tags ct ON ct.curriculum_id = co.curriculum_id
      )
      SELECT tag, count(*) AS certificates, sum(jp) AS jp, count(DISTINCT learner_id) AS learners,
        count(DISTINCT CASE WHEN employment_type = 'NON_ASN' THEN learner_id END) AS "nonAsnLearners"
      FROM t GROUP BY tag`);
    const byTag = new Map(rows.map(({ tag, ...counts }) => [tag, counts]));
    return {
      from,
      to,
      byProgramGroup: TKPK_PROGRAM_GROUPS.map((programGroup) => ({ programGroup, ...(byTag.get(programGroup) ?? ZERO) })),
      byStrategy: POVERTY_STRATEGIES.map((strategy) => ({ strategy, ...(byTag.get(strategy) ?? ZERO) })),
    };
  }
}

const reportTask = defineTask('tkpk.report', (s: { tkpkReports: TkpkReportService }, a: { viewer: Viewer; institution: InstitutionRow; from: string; to: string }) =>
  s.tkpkReports.report(a.viewer, a.institution, a.from, a.to),
);

/** What the read pool's workers run for this service. */
export const TKPK_REPORT_TASKS = [reportTask];
