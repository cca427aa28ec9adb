import { and, eq, like, sql } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { prepared, type Database } from '../../db/database';
import { defineTask, type ReadPool } from '../../db/read-pool';
import { inKeys, selectByKeys } from '../../db/keyed';
import { portable } from '../../db/portable';
import { certificates, institutions, type InstitutionRow, type LearnerRow } from '../../db/schema';
import { badInput, forbidden, type AppError } from '../../core/errors';
import { nowInWib } from '../../core/today';
import { DEFAULT_TARGET_JP, yearlyTargetJp } from './earned-jp';
import { LearningSource, type LearningEntryData, type LearningHoursData, type ProgressSummaryData } from './learning-hours.model';

type LearnerForHours = Pick<LearnerRow, 'id' | 'institutionId' | 'employmentType'>;

const sourceOf = (subjectType: 'SESSION' | 'COHORT') => (subjectType === 'SESSION' ? LearningSource.WEBINAR : LearningSource.CURRICULUM);

/** VALID certificates of some learners (JSON list `keys`) dated in `year`, in date order. */
const validCertificatesOf = prepared((db) =>
  db
    .select({
      id: certificates.id,
      learnerId: certificates.learnerId,
      subjectType: certificates.subjectType,
      title: certificates.title,
      jp: certificates.jp,
      activityDate: certificates.activityDate,
    })
    .from(certificates)
    .where(
      and(
        inKeys(certificates.learnerId),
        eq(certificates.activityYear, sql.placeholder('year')),
        eq(certificates.status, 'VALID'),
      ),
    )
    .orderBy(certificates.activityDate, certificates.id)
    .prepare(),
);

export function checkYear(year: number): number {
  if (!Number.isInteger(year) || year < 1990 || year > 2200) throw badInput('year must be a calendar year such as 2025');
  return year;
}


/** Whether `earned` keeps pace with `target` in `year`, pro-rated when the year is under way. */
export function onTrack(earned: number, target: number, year: number, today = nowInWib()): boolean {
  if (year < today.year) return earned >= target;
  if (year > today.year) return true;
  const share = today.ordinal / (today.isInLeapYear ? 366 : 365);
  return earned >= target * share;
}

export class LearningHoursService {
  constructor(
    private readonly db: Database,
    private readonly pool: ReadPool,
  ) {}

  /** `summary` on the read pool: a province's is hundreds of milliseconds at national scale. */
  summaryOnPool(viewer: Viewer, institution: InstitutionRow, year: number): Promise<ProgressSummaryData> {
    return this.pool.run(summaryTask, { viewer, institution, year });
  }

  /** Yearly JP target per institution: the nearest ancestor (or itself) that sets one, else 20. */
  async targetsFor(institutionIds: number[]): Promise<Map<number, number>> {
    return this.targetsOf(await selectByKeys(this.db.read, institutions, institutions.id, institutionIds));
  }

  private async targetsOf(rows: InstitutionRow[]): Promise<Map<number, number>> {
    const ancestorIds = [...new Set(rows.flatMap((r) => r.path.split('/').filter(Boolean).map(Number)))];
    const targets = new Map((await selectByKeys(this.db.read, institutions, institutions.id, ancestorIds)).map((r) => [r.id, r.targetJp]));
    return new Map(
      rows.map((r) => {
        const chain = r.path.split('/').filter(Boolean).map(Number).reverse();
        const set = chain.map((id) => targets.get(id)).find((t) => t !== null && t !== undefined);
        return [r.id, set ?? DEFAULT_TARGET_JP];
      }),
    );
  }

  /**
   * Learning hours for many learners and one year, in a fixed number of
   * statements. A learner's hours are theirs and their institution admins' to
   * see (not, say, a certificate issuer's): FORBIDDEN for the others.
   */
  async forLearners(viewer: Viewer, learners: readonly LearnerForHours[], year: number): Promise<(LearningHoursData | AppError)[]> {
    const places = await selectByKeys(this.db.read, institutions, institutions.id, [...new Set(learners.map((l) => l.institutionId))]);
    const pathOf = new Map(places.map((p) => [p.id, p.path]));
    const readable = (l: LearnerForHours) => policy.canReadLearner(viewer, { id: l.id, institutionPath: pathOf.get(l.institutionId) ?? '' });
    const targets = await this.targetsOf(places);
    const rows = await validCertificatesOf(this.db.read).all({ keys: JSON.stringify(learners.filter(readable).map((l) => l.id)), year });
    return learners.map((learner) => {
      if (!readable(learner)) return forbidden("You cannot see this learner's learning hours");
      const entries: LearningEntryData[] = rows
        .filter((r) => r.learnerId === learner.id)
        .map((r) => ({ source: sourceOf(r.subjectType), title: r.title, jp: r.jp, earnedAt: r.activityDate, certificateId: r.id }));
      const earnedJp = entries.reduce((sum, e) => sum + e.jp, 0);
      const targetJp = yearlyTargetJp(learner.employmentType, targets.get(learner.institutionId));
      const bySource = Object.values(LearningSource).map((source) => ({
        source,
        jp: entries.filter((e) => e.source === source).reduce((sum, e) => sum + e.jp, 0),
      }));
      return { year, targetJp, earnedJp, remainingJp: Math.max(0, targetJp - earnedJp), onTrack: onTrack(earnedJp, targetJp, year), bySource, entries };
    });
  }

  /** Set-based totals over an institution's subtree, driven from its learners (each one's yearly total by key). */
  async summary(viewer: Viewer, institution: InstitutionRow, year: number): Promise<ProgressSummaryData> {
    policy.requireManage(viewer, institution.path, `You cannot see the progress of ${institution.code}`);
    checkYear(year);
    const subtree = (await this.db.read.select({ id: institutions.id }).from(institutions).where(like(institutions.path, `${institution.path}%`)).all()).map((r) => r.id);
    const targets = Object.fromEntries(await this.targetsFor(subtree));
    const row = await this.db.read.get<{ learnerCount: number; totalJp: number | null; meeting: number | null; certificatesIssued: number | null }>(sql`
      WITH t AS (${portable({
        sqlite: sql`SELECT CAST(key AS INTEGER) AS id, value AS target FROM json_each(${JSON.stringify(targets)})`,
        postgres: sql`SELECT key::bigint AS id, value::bigint AS target FROM json_each_text(${JSON.stringify(targets)}::json)`,
      })}),
      e AS (
        SELECT l.employment_type AS employmentType, t.target, coalesce(y.earned_jp, 0) AS jp, coalesce(y.certificates, 0) AS n
        FROM t JOIN learners l ON l.institution_id = t.id
        LEFT JOIN learner_year_jp y ON y.learner_id = l.id AND y.year = ${year}
      )
      SELECT count(*) AS "learnerCount", sum(jp) AS "totalJp", sum(n) AS "certificatesIssued",
        sum(CASE WHEN jp >= (CASE WHEN employmentType = 'NON_ASN' THEN 0 ELSE target END) THEN 1 ELSE 0 END) AS meeting
      FROM e`);
    const totalJp = row.totalJp ?? 0;
    return {
      year,
      learnerCount: row.learnerCount,
      learnersMeetingTarget: row.meeting ?? 0,
      totalJp,
      averageJp: row.learnerCount === 0 ? 0 : Math.round((totalJp / row.learnerCount) * 100) / 100,
      certificatesIssued: row.certificatesIssued ?? 0,
    };
  }
}

const summaryTask = defineTask('learningHours.summary', (s: { learningHours: LearningHoursService }, a: { viewer: Viewer; institution: InstitutionRow; year: number }) =>
  s.learningHours.summary(a.viewer, a.institution, a.year),
);

/** What the read pool's workers run for this service. */
export const LEARNING_HOURS_TASKS = [summaryTask];
