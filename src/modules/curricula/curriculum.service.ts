import { and, desc, eq, inArray, like, ne, or, sql, type SQL } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { prepared, type Database, type Db } from '../../db/database';
import { UntilNextWrite } from '../../db/until-next-write';
import {
  competencies,
  curricula,
  curriculumChanges,
  curriculumCodes,
  curriculumOutcomes,
  curriculumTkpkTags,
  institutions,
  type CurriculumChangeRow,
  type CurriculumRow,
  type CurriculumStatusName,
  type PovertyStrategyName,
  type TkpkProgramGroupName,
} from '../../db/schema';
import { paginate, type Page } from '../../db/paginate';
import { storable } from '../../db/portable';
import { recommendationKey, recommendedCurriculumIds, type RecommendationKey } from './recommendations';

/** A feed entry: the change and its curriculum as it is now. */
export type FeedEntry = CurriculumChangeRow & { curriculum: CurriculumRow };

export interface CurriculumQuery {
  first?: number | null;
  after?: string | null;
  status?: CurriculumStatusName | null;
  competencyCode?: string | null;
  ownerCode?: string | null;
  search?: string | null;
  programGroup?: TkpkProgramGroupName | null;
  strategy?: PovertyStrategyName | null;
}

/** A version belongs to its code only if its owner is the code's owner (versions squatted before curriculum_codes existed do not). */
const ofCodeOwner = (db: Db) =>
  eq(curricula.ownerId, db.select({ ownerId: curriculumCodes.ownerId }).from(curriculumCodes).where(eq(curriculumCodes.code, curricula.code)));

const latestPublished = prepared((db) =>
  db
    .select()
    .from(curricula)
    .where(and(eq(curricula.code, sql.placeholder('code')), eq(curricula.status, 'PUBLISHED'), ofCodeOwner(db)))
    .orderBy(desc(curricula.version))
    .limit(1)
    .prepare(),
);
const byCodeVersion = prepared((db) =>
  db
    .select()
    .from(curricula)
    .where(and(eq(curricula.code, sql.placeholder('code')), eq(curricula.version, sql.placeholder('version')), ofCodeOwner(db)))
    .prepare(),
);

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** SQLite's LIKE and lower() fold ASCII letters only; PostgreSQL's lower() under COLLATE "C" does the same, its LIKE none. */
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The public catalogue and the change feed. Drafts show only to those who may write them. */
/** Recommendation lists kept: (competency, level, first) combinations are few; catalogue writes are rare. */
const CACHED_RECOMMENDATIONS = { capacity: 4_096, maxBytes: 4 * 1024 * 1024 };

export class CurriculumService {
  private readonly recommendations: UntilNextWrite<number[]>;

  constructor(private readonly db: Database) {
    this.recommendations = new UntilNextWrite(db, CACHED_RECOMMENDATIONS);
  }

  /** Ids of the curricula to suggest for each gap, best first (see recommendedCurriculumIds), reused until the next write. */
  recommendedIds(keys: readonly RecommendationKey[]): Promise<number[][]> {
    return this.recommendations.getMany(keys, recommendationKey, (missing) => recommendedCurriculumIds(this.db.read, missing));
  }

  /** Owners whose drafts the viewer may see (policy.curriculumScope) as a condition on curricula; true: all, false: none. */
  private draftOwners(viewer: Viewer): SQL | boolean {
    const scope = policy.curriculumScope(viewer);
    switch (scope.kind) {
      case 'all':
        return true;
      case 'institution':
        return eq(curricula.ownerId, scope.id);
      case 'subtree':
        return inArray(curricula.ownerId, this.db.read.select({ id: institutions.id }).from(institutions).where(like(institutions.path, `${scope.path}%`)));
      case 'none':
        return false;
    }
  }

  /** Which curricula the viewer may see: published and retired ones, plus drafts it may write. */
  private visible(viewer: Viewer): SQL | undefined {
    return this.orDraftOwners(viewer, ne(curricula.status, 'DRAFT'));
  }

  /**
   * Which feed entries the viewer may see: all of the curricula whose drafts it may see; of the
   * others, changes that left the curriculum published or retired, while it is not a draft now.
   */
  private visibleChanges(viewer: Viewer): SQL | undefined {
    return this.orDraftOwners(viewer, and(ne(curriculumChanges.status, 'DRAFT'), ne(curricula.status, 'DRAFT'))!);
  }

  private orDraftOwners(viewer: Viewer, forEveryone: SQL): SQL | undefined {
    const owners = this.draftOwners(viewer);
    return owners === true ? undefined : owners === false ? forEveryone : or(forEveryone, owners);
  }

  private async isVisible(viewer: Viewer, row: CurriculumRow | undefined): Promise<CurriculumRow | null> {
    if (!row) return null;
    if (row.status !== 'DRAFT') return row;
    const owner = await this.db.read.select({ path: institutions.path }).from(institutions).where(eq(institutions.id, row.ownerId)).get();
    return owner && policy.canSyncFor(viewer, row.ownerId, owner.path) ? row : null;
  }

  list(viewer: Viewer, query: CurriculumQuery): Promise<Page<CurriculumRow>> {
    const filters: (SQL | undefined)[] = [this.visible(viewer)];
    if (query.status) filters.push(eq(curricula.status, query.status));
    if (query.ownerCode) {
      filters.push(
        eq(
          curricula.ownerId,
          this.db.read.select({ id: institutions.id }).from(institutions).where(eq(sql`lower(${institutions.code})`, query.ownerCode.trim().toLowerCase())),
        ),
      );
    }
    if (query.competencyCode) {
      // IN, not a correlated EXISTS: SQLite then starts from the competency's outcomes instead of testing every curriculum (10x on the count).
      filters.push(
        inArray(
          curricula.id,
          this.db.read
            .select({ id: curriculumOutcomes.curriculumId })
            .from(curriculumOutcomes)
            .innerJoin(competencies, eq(competencies.id, curriculumOutcomes.competencyId))
            .where(eq(competencies.code, query.competencyCode.trim())),
        ),
      );
    }
    // Like the competency filter: the tag index lists the tagged curricula, instead of testing every curriculum.
    for (const tag of [query.programGroup, query.strategy]) {
      if (tag) {
        filters.push(
          inArray(curricula.id, this.db.read.select({ id: curriculumTkpkTags.curriculumId }).from(curriculumTkpkTags).where(eq(curriculumTkpkTags.tag, tag))),
        );
      }
    }
    const words = (query.search ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 10);
    for (const word of words) {
      // SQLite's LIKE reads its pattern up to a NUL; cut there, PostgreSQL (whose text cannot hold one) gets the same pattern.
      const pattern = `%${escapeLike(asciiLower(word))}%`.split('\u0000')[0];
      filters.push(
        sql`(lower(${curricula.code}) LIKE ${pattern} ESCAPE '\\' OR lower(${curricula.title}) LIKE ${pattern} ESCAPE '\\' OR lower(coalesce(${curricula.description}, '')) LIKE ${pattern} ESCAPE '\\')`,
      );
    }
    // A code with a NUL names nothing stored (see storable), and is not sent.
    const where = [query.ownerCode, query.competencyCode].some((code) => code && !storable(code)) ? sql`1 = 0` : and(...filters);
    // The public catalogue may lag a moment (a replica serves it); whoever may write drafts reads what it wrote.
    const db = this.draftOwners(viewer) === false ? this.db.replica : this.db.read;
    return paginate(query, {
      rows: (page) => db.select().from(curricula).where(and(where, page.after)).orderBy(...page.orderBy).limit(page.limit).all(),
      order: [
        { column: curricula.code, direction: 'asc', value: (r) => r.code },
        { column: curricula.version, direction: 'asc', value: (r) => r.version },
      ],
      count: async () => (await db.select({ n: sql<number>`count(*)` }).from(curricula).where(where).get())!.n,
    });
  }

  /** A version by (code, version); without a version, the latest PUBLISHED one. */
  async get(viewer: Viewer, code: string, version?: number | null): Promise<CurriculumRow | null> {
    return this.isVisible(viewer, await this.findVersion(code, version));
  }

  /** (code, version), or the latest PUBLISHED version; whoever asks. */
  async findVersion(code: string, version?: number | null): Promise<CurriculumRow | undefined> {
    const c = code.trim();
    if (!storable(c)) return undefined;
    return version == null ? await latestPublished(this.db.read).get({ code: c }) : await byCodeVersion(this.db.read).get({ code: c, version });
  }

  async getById(viewer: Viewer, id: number): Promise<CurriculumRow | null> {
    return this.isVisible(viewer, await this.db.read.select().from(curricula).where(eq(curricula.id, id)).get());
  }

  /**
   * Changes the viewer may see (visibleChanges) after a cursor, in sequence order, each with its
   * curriculum as read in the same statement. An empty page hands the caller's cursor back as
   * endCursor, so polling with it never restarts.
   */
  async changes(viewer: Viewer, args: { first?: number | null; after?: string | null }): Promise<Page<FeedEntry>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN', 'SYNC_CLIENT');
    const visible = this.visibleChanges(viewer);
    const ofChange = eq(curricula.id, curriculumChanges.curriculumId);
    const page = await paginate(args, {
      rows: async (query) =>
        (
          await this.db.read
            .select({ change: curriculumChanges, curriculum: curricula })
            .from(curriculumChanges)
            .innerJoin(curricula, ofChange)
            .where(and(visible, query.after))
            .orderBy(...query.orderBy)
            .limit(query.limit)
            .all()
        ).map((r) => ({ ...r.change, curriculum: r.curriculum })),
      order: [{ column: curriculumChanges.sequence, direction: 'asc', value: (r) => r.sequence }],
      count: async () =>
        visible
          ? (await this.db.read.select({ n: sql<number>`count(*)` }).from(curriculumChanges).innerJoin(curricula, ofChange).where(visible).get())!.n
          : (await this.db.read.select({ n: sql<number>`count(*)` }).from(curriculumChanges).get())!.n,
    });
    if (page.edges.length === 0 && args.after) page.pageInfo.endCursor = args.after;
    return page;
  }
}
