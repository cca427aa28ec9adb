import { and, eq, getTableColumns, inArray, isNull, ne, sql } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { chunked } from '../../db/batch';
import { prepared, type Database, type Db } from '../../db/database';
import { inKeys } from '../../db/keyed';
import { apiTokens, institutions, learners, positions, type InstitutionRow, type LearnerRow, type ParticipantCategoryName } from '../../db/schema';
import { fail, forbidden, ok, requireRevision, rollbackOnUserErrors, userError, UserErrorsAbort, type Outcome, type Result } from '../../core/errors';
import { fromPlainPage, paginate, plainPage, type Page, type PageArgs, type PlainPage } from '../../db/paginate';
import { defineTask, type ReadPool } from '../../db/read-pool';
import { Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import { recordLearnersChanged, type LearnerChange } from '../events/outbox';
import type { InstitutionService } from '../institutions/institution.service';
import { checkYear } from '../learning-hours/learning-hours.service';
import { earnedJpSql } from '../learning-hours/earned-jp';
import { nipProblem } from './nip';
import { LearnerMatch } from './learner-matcher';
import { learnerSearch, learnerSearchPlan, matches, matchingLearners } from './learner-search';

/** Matches from which a search pages by walking the index rather than collecting them (measured at 1M learners). */
const DENSE_SEARCH = 1_000;
import { inSubtree, scopeCondition } from '../institutions/list-scope';
import { presentLearner, type LearnerView } from './learner-view';
import { storable } from '../../db/portable';

export const MAX_IMPORT_ROWS = 50_000;
/** Keys per IN list: well under SQLite's variable limit. */
const LOOKUP_CHUNK = 500;

type LearnerWithPath = LearnerRow & { institutionPath: string };

const learnerColumns = { ...getTableColumns(learners), institutionPath: institutions.path };

const byNip = prepared((db) =>
  db
    .select(learnerColumns)
    .from(learners)
    .innerJoin(institutions, eq(institutions.id, learners.institutionId))
    .where(eq(learners.nip, sql.placeholder('nip')))
    .prepare(),
);
const byIds = prepared((db) =>
  db.select(learnerColumns).from(learners).innerJoin(institutions, eq(institutions.id, learners.institutionId)).where(inKeys(learners.id)).prepare(),
);
const byId = prepared((db) =>
  db
    .select(learnerColumns)
    .from(learners)
    .innerJoin(institutions, eq(institutions.id, learners.institutionId))
    .where(eq(learners.id, sql.placeholder('id')))
    .prepare(),
);

export interface LearnerData {
  nip?: string | null;
  email?: string | null;
  name: string;
  employmentType: LearnerRow['employmentType'];
  positionCode?: string | null;
  participantCategory?: ParticipantCategoryName | null;
}

/** An update: omitted fields stay; null clears a field that may be empty. */
export interface LearnerChanges {
  learnerId: number;
  expectedRevision?: number | null;
  name?: string | null;
  email?: string | null;
  nip?: string | null;
  employmentType?: LearnerRow['employmentType'] | null;
  positionCode?: string | null;
  institutionCode?: string | null;
  participantCategory?: ParticipantCategoryName | null;
}

export interface ImportLearners {
  institutionCode: string;
  learners: LearnerData[];
}

interface CleanRow {
  index: number;
  nip: string | null;
  email: string | null;
  name: string;
  employmentType: LearnerRow['employmentType'];
  positionCode: string | null;
  participantCategory: ParticipantCategoryName | null;
}

export interface ImportLearnersOutcome {
  created: number;
  updated: number;
  unchanged: number;
}

export interface LearnerListArgs {
  first?: number | null;
  after?: string | null;
  orderBy?: { field: 'NAME' | 'NIP' | 'EARNED_JP'; direction: 'ASC' | 'DESC' } | null;
  year?: number | null;
  /** Deactivated learners are listed only when asked for. */
  includeInactive?: boolean | null;
}

export interface LearnerFilter {
  search?: string | null;
  institutionCode?: string | null;
  employmentType?: LearnerRow['employmentType'] | null;
  includeInactive?: boolean | null;
}

/** A learner column as an event names it: a move changes the `institution`, a position the `position`. */
const fieldName = (column: string) => column.replace(/Id$/, '');

export class LearnerService {
  constructor(
    private readonly db: Database,
    private readonly institutions: InstitutionService,
    private readonly pool: ReadPool,
  ) {}

  /** A learner by NIP for `learner(nip:)`: missing and unreadable answer alike (FORBIDDEN, or null to a SUPERADMIN). */
  async getByNip(viewer: Viewer, nip: string): Promise<LearnerView | null> {
    const row = policy.readableLearner(viewer, storable(nip) ? await byNip(this.db.read).get({ nip: nip.trim() }) : undefined);
    return row && presentLearner(viewer, row);
  }

  /** For node(id:): null when missing or not readable. */
  async getById(viewer: Viewer, id: number): Promise<LearnerView | null> {
    const row = await byId(this.db.read).get({ id });
    return row && policy.canReadLearner(viewer, row) ? presentLearner(viewer, row) : null;
  }

  /** The learner, if the viewer may read their own data (see `policy.readableLearner`); throws otherwise. */
  async requireReadable(viewer: Viewer, id: number): Promise<LearnerWithPath> {
    return policy.requireReadLearner(viewer, await byId(this.db.read).get({ id }));
  }

  /** Learners with their institution's path, by id, in one statement (for loaders and access checks). */
  async withPaths(ids: readonly number[]): Promise<LearnerWithPath[]> {
    return await byIds(this.db.read).all({ keys: JSON.stringify(ids) });
  }

  /**
   * Learners of an institution and every institution below it. Ordered by
   * EARNED_JP, a province's page sorts tens of thousands of learners by their
   * yearly totals (about 30 ms at national scale): that page is read on the
   * read pool, so learners' requests do not wait behind it.
   */
  async listForInstitution(viewer: Viewer, institution: InstitutionRow, args: LearnerListArgs): Promise<Page<LearnerView>> {
    const present = (r: LearnerRow) => presentLearner(viewer, { ...r, institutionPath: institution.path });
    const count = () => this.countForInstitution(institution, args);
    if (args.orderBy?.field !== 'EARNED_JP') return fromPlainPage(await this.institutionPage(viewer, institution, args), present, count);
    return fromPlainPage(await this.pool.run(institutionPageTask, { viewer, institution, args: { ...args } }), present, count);
  }

  /** One page of `listForInstitution`, as rows (plain data: it may come from the read pool); access is decided here. */
  async institutionPage(viewer: Viewer, institution: InstitutionRow, args: LearnerListArgs): Promise<PlainPage<LearnerRow & { earnedJp?: number }>> {
    policy.requireManage(viewer, institution.path, `You cannot see the learners of ${institution.code}`);
    const order = args.orderBy ?? { field: 'NAME', direction: 'ASC' };
    const direction = order.direction === 'ASC' ? 'asc' : 'desc';
    const year = checkYear(args.year ?? new Date().getFullYear());
    // Qualified: in a one-table select Drizzle writes a bare "id", which inside the subquery would mean the certificate's id.
    const earned = earnedJpSql(sql`${sql.identifier('learners')}.${sql.identifier('id')}`, year);
    const keyColumn = order.field === 'NIP' ? sql<string>`coalesce(${learners.nip}, '')` : order.field === 'EARNED_JP' ? earned : learners.name;
    const columns = { ...getTableColumns(learners), ...(order.field === 'EARNED_JP' ? { earnedJp: earned } : {}) };
    type Listed = LearnerRow & { earnedJp?: number };
    const sortValue = (r: Listed) => (order.field === 'NIP' ? (r.nip ?? '') : order.field === 'EARNED_JP' ? r.earnedJp! : r.name);
    const where = this.inInstitutionSubtree(institution, args);
    const page = await paginate<Listed>(args, {
      rows: (p) => this.db.read.select(columns).from(learners).where(and(where, p.after)).orderBy(...p.orderBy).limit(p.limit).all(),
      order: [
        { column: keyColumn, direction, value: sortValue },
        { column: learners.id, direction, value: (r) => r.id },
      ],
      count: () => 0,
    });
    return plainPage(page);
  }

  private async countForInstitution(institution: InstitutionRow, args: LearnerListArgs): Promise<number> {
    return (await this.db.read.select({ n: sql<number>`count(*)` }).from(learners).where(this.inInstitutionSubtree(institution, args)).get())!.n;
  }

  private inInstitutionSubtree(institution: InstitutionRow, args: LearnerListArgs) {
    return and(inSubtree(learners.institutionId, institution.path), args.includeInactive ? undefined : eq(learners.active, true));
  }

  /**
   * Learners across the viewer's scope (a LEARNER: themself), newest first;
   * active ones unless `includeInactive`. A text search's totalCount reads
   * every match (hundreds of milliseconds for a common name at national
   * scale): it is counted on the read pool, and only when asked for.
   */
  async browse(viewer: Viewer, filter: LearnerFilter, args: PageArgs): Promise<Page<LearnerView>> {
    const q = await this.browseQuery(viewer, filter);
    const read = this.db.read;
    const count = q.search?.text ? () => this.pool.run(browseCountTask, { viewer, filter: { ...filter } }) : () => this.countBrowsed(q);
    if (q.matching) {
      // Many matches: walk the trigram index newest first (its rowid is the learner id) and stop at the page's end,
      // rather than collect every match to sort them. A few: collecting them is cheaper than walking backwards.
      const matching = q.matching;
      return paginate(args, {
        rows: async (page) =>
          (
            await read
              .select(learnerColumns)
              .from(learnerSearch)
              .innerJoin(learners, eq(learners.id, learnerSearch.rowid))
              .innerJoin(institutions, eq(institutions.id, learners.institutionId))
              .where(and(matching, page.after))
              .orderBy(...page.orderBy)
              .limit(page.limit)
              .all()
          ).map((row) => presentLearner(viewer, row)),
        order: [{ column: learnerSearch.rowid, direction: 'desc', value: (r) => r.id }],
        count,
      });
    }
    return paginate(args, {
      rows: async (page) =>
        (
          await read
            .select(learnerColumns)
            .from(learners)
            .innerJoin(institutions, eq(institutions.id, learners.institutionId))
            .where(and(q.where, page.after))
            .orderBy(...page.orderBy)
            .limit(page.limit)
            .all()
        ).map((row) => presentLearner(viewer, row)),
      order: [{ column: learners.id, direction: 'desc', value: (r) => r.id }],
      count,
    });
  }

  /** `browse`'s totalCount on this thread: what the read pool runs. */
  async browseCount(viewer: Viewer, filter: LearnerFilter): Promise<number> {
    return this.countBrowsed(await this.browseQuery(viewer, filter));
  }

  /** `browse`'s conditions: `matching` is set when a text search matches so many that the index is walked. */
  private async browseQuery(viewer: Viewer, filter: LearnerFilter) {
    const scope = await this.institutions.listScope(viewer, filter.institutionCode);
    const search = filter.search?.trim() ? learnerSearchPlan(filter.search) : null;
    const filters = and(
      scopeCondition(scope, { institution: learners.institutionId, learner: learners.id }),
      filter.employmentType ? eq(learners.employmentType, filter.employmentType) : undefined,
      filter.includeInactive ? undefined : eq(learners.active, true),
    );
    const where = and(filters, search?.condition ?? (search?.text ? matchingLearners(search.text) : undefined));
    const matching = search?.text && (await this.manyMatch(search.text)) ? and(matches(search.text), filters) : undefined;
    return { search, where, matching };
  }

  private async countBrowsed({ where, matching }: Awaited<ReturnType<LearnerService['browseQuery']>>): Promise<number> {
    const read = this.db.read;
    if (matching) return (await read.select({ n: sql<number>`count(*)` }).from(learnerSearch).innerJoin(learners, eq(learners.id, learnerSearch.rowid)).where(matching).get())!.n;
    return (await read.select({ n: sql<number>`count(*)` }).from(learners).where(where).get())!.n;
  }

  /** Whether a text search matches at least DENSE_SEARCH learners (reads at most that many index entries). */
  private async manyMatch(text: string): Promise<boolean> {
    const row = await this.db.read.get<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT rowid FROM ${learnerSearch} WHERE ${matches(text)} LIMIT ${DENSE_SEARCH}) AS m`);
    return row.n >= DENSE_SEARCH;
  }

  /** All-or-nothing upsert by NIP (ASN) or e-mail (NON_ASN). */
  async importLearners(viewer: Viewer, input: ImportLearners): Promise<Result<ImportLearnersOutcome>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const institution = await this.institutions.findByCode(input.institutionCode);
    if (!institution) {
      return fail({ field: ['institutionCode'], code: 'NOT_FOUND', message: `No institution has code ${input.institutionCode}` });
    }
    policy.requireManage(viewer, institution.path, `You cannot manage institution ${institution.code}`);
    if (input.learners.length > MAX_IMPORT_ROWS) {
      return fail({ field: ['learners'], code: 'TOO_LARGE', message: `At most ${MAX_IMPORT_ROWS} learners per call` });
    }
    const p = new Problems();
    const rows = this.validateRows(input.learners, p);
    if (p.any) return fail(...p.list);

    return rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        const outcome = await this.upsertRows(tx, viewer, institution, rows);
        await recordAudit(tx, viewer, {
          action: 'importLearners',
          targetType: 'Institution',
          targetId: institution.code,
          institutionId: institution.id,
          summary: `Imported ${rows.length} learners into ${institution.code}: ${outcome.created} created, ${outcome.updated} updated, ${outcome.unchanged} unchanged`,
        });
        return outcome;
      }),
    );
  }

  private validateRows(input: LearnerData[], p: Problems): CleanRow[] {
    const seen = new Map<string, number>();
    const rows: CleanRow[] = [];
    input.forEach((row, index) => {
      const at = (field: string) => ['learners', index, field];
      const before = p.list.length;
      const name = p.text(row.name, at('name'), 'Name');
      const { nip, email } = checkIdentity(p, row, at);
      const key = nip ? `nip:${nip}` : email ? `email:${email}` : null;
      if (key) {
        const first = seen.get(key);
        if (first !== undefined) p.add(at(nip ? 'nip' : 'email'), 'DUPLICATE', `Same learner as learners[${first}]`);
        else seen.set(key, index);
      }
      if (p.list.length === before && name) {
        rows.push({
          index,
          nip,
          email,
          name,
          employmentType: row.employmentType,
          positionCode: row.positionCode?.trim() || null,
          participantCategory: row.participantCategory ?? null,
        });
      }
    });
    return rows;
  }

  private async upsertRows(tx: Db, viewer: Viewer, institution: InstitutionRow, rows: CleanRow[]): Promise<ImportLearnersOutcome> {
    const p = new Problems();
    const positionIds = new Map<string, number>();
    const positionCodes = [...new Set(rows.map((r) => r.positionCode).filter((c): c is string => c !== null))];
    for (const part of chunked(positionCodes, LOOKUP_CHUNK)) {
      for (const pos of await tx.select().from(positions).where(inArray(positions.code, part)).all()) positionIds.set(pos.code, pos.id);
    }
    const known = await LearnerMatch.find(tx, rows);

    const outcome: ImportLearnersOutcome = { created: 0, updated: 0, unchanged: 0 };
    const inserts: (typeof learners.$inferInsert)[] = [];
    const updates: { id: number; values: Partial<typeof learners.$inferInsert> }[] = [];
    const changes: LearnerChange[] = [];
    for (const row of rows) {
      const at = (field: string) => ['learners', row.index, field];
      const positionId = row.positionCode ? positionIds.get(row.positionCode) : null;
      if (positionId === undefined) {
        p.add(at('positionCode'), 'NOT_FOUND', `No position has code ${row.positionCode}`);
        continue;
      }
      const existing = row.nip ? known.get({ nip: row.nip }) : known.get({ email: row.email });
      const emailOwner = row.email ? known.get({ email: row.email }) : undefined;
      if (emailOwner && emailOwner.id !== existing?.id) {
        p.add(at('email'), 'DUPLICATE', `E-mail ${row.email} already belongs to another learner`);
        continue;
      }
      if (existing && row.nip === null && existing.nip !== null) {
        p.add(at('email'), 'DUPLICATE', `E-mail ${row.email} belongs to an ASN learner; import them by NIP`);
        continue;
      }
      const values = {
        institutionId: institution.id,
        nip: row.nip,
        email: row.email ?? existing?.email ?? null,
        name: row.name,
        employmentType: row.employmentType,
        positionId: positionId ?? (row.positionCode === null ? (existing?.positionId ?? null) : null),
        participantCategory: row.participantCategory ?? existing?.participantCategory ?? null,
      };
      if (!existing) {
        inserts.push(values);
        outcome.created++;
        continue;
      }
      if (existing.institutionId !== institution.id && !policy.canManageLearner(viewer, existing)) {
        p.add(at(row.nip ? 'nip' : 'email'), 'FORBIDDEN', 'A learner with this NIP or e-mail belongs to an institution outside your scope; its admins can move them');
        continue;
      }
      const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => values[k] !== existing[k]);
      if (changed.length === 0) outcome.unchanged++;
      else {
        updates.push({ id: existing.id, values: { ...values, updatedAt: new Date() } });
        changes.push({ learnerId: existing.id, changed: changed.map(fieldName), previousInstitutionId: changed.includes('institutionId') ? existing.institutionId : null });
        outcome.updated++;
      }
    }
    if (p.any) throw new UserErrorsAbort(p.list);
    for (const part of chunked(inserts, 200)) await tx.insert(learners).values(part).run();
    for (const u of updates) await tx.update(learners).set(u.values).where(eq(learners.id, u.id)).run();
    await recordLearnersChanged(tx, changes, Date.now());
    return outcome;
  }

  /** The learner a change names, if the viewer manages them; missing and out of scope answer alike. */
  private async managed(viewer: Viewer, learnerId: number): Promise<Result<LearnerWithPath>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const learner = policy.manageable(viewer, await byId(this.db.read).get({ id: learnerId }), (l) => l.institutionPath, 'learner');
    return learner ? ok(learner) : fail(userError(['learnerId'], 'NOT_FOUND', 'No such learner'));
  }

  /** Changes a learner, or moves them to another institution (inside the admin's subtree). */
  async update(viewer: Viewer, input: LearnerChanges): Promise<Outcome<LearnerView>> {
    const found = await this.managed(viewer, input.learnerId);
    if (!found.ok) return found;
    const learner = found.value;
    const p = new Problems();
    const changes: Partial<typeof learners.$inferInsert> = {};
    if (p.given(input.name, ['name'], 'Name')) changes.name = p.text(input.name, ['name'], 'Name') ?? undefined;
    if (p.given(input.employmentType, ['employmentType'], 'employmentType')) changes.employmentType = input.employmentType;
    const final = {
      nip: input.nip === undefined ? learner.nip : input.nip,
      email: input.email === undefined ? learner.email : input.email,
      employmentType: changes.employmentType ?? learner.employmentType,
      participantCategory: input.participantCategory === undefined ? learner.participantCategory : input.participantCategory,
    };
    const identity = checkIdentity(p, final, (field) => [field]);
    if (input.nip !== undefined) changes.nip = identity.nip;
    if (input.email !== undefined) changes.email = identity.email;
    if (input.participantCategory !== undefined) changes.participantCategory = input.participantCategory;
    if (input.positionCode !== undefined) {
      const code = input.positionCode?.trim();
      const position = code ? await this.db.read.select({ id: positions.id }).from(positions).where(eq(positions.code, code)).get() : null;
      if (code && !position) p.add(['positionCode'], 'NOT_FOUND', `No position has code ${code}`);
      else changes.positionId = position?.id ?? null;
    }
    if (p.given(input.institutionCode, ['institutionCode'], 'institutionCode')) {
      const institution = await this.institutions.findByCode(input.institutionCode);
      if (!institution) p.add(['institutionCode'], 'NOT_FOUND', `No institution has code ${input.institutionCode}`);
      else if (!policy.canMove(viewer, learner.institutionPath, institution.path)) throw forbidden(`You cannot move learners to ${institution.code}`);
      else changes.institutionId = institution.id;
    }
    if (p.any) return fail(...p.list);

    return rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        const current = (await byId(tx).get({ id: learner.id }))!;
        requireRevision(current, input.expectedRevision, (row) => presentLearner(viewer, row));
        const taken = async (column: typeof learners.nip | typeof learners.email, value: string | null | undefined, field: string) => {
          if (!value) return;
          const other = await tx.select({ id: learners.id }).from(learners).where(and(eq(column, value), ne(learners.id, learner.id))).get();
          if (other) throw new UserErrorsAbort([userError([field], 'DUPLICATE', `Another learner has this ${field === 'nip' ? 'NIP' : 'e-mail'}`)]);
        };
        await taken(learners.nip, changes.nip, 'nip');
        await taken(learners.email, changes.email, 'email');
        const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter((k) => changes[k] !== current[k as keyof LearnerRow]);
        if (changed.length === 0) return presentLearner(viewer, current);
        await tx
          .update(learners)
          .set({ ...changes, updatedAt: new Date(), revision: sql`${learners.revision} + 1` })
          .where(eq(learners.id, learner.id))
          .run();
        // Their tokens follow them, so the new institution's admins can list and revoke them.
        if (changes.institutionId !== undefined) await tx.update(apiTokens).set({ institutionId: changes.institutionId }).where(eq(apiTokens.learnerId, learner.id)).run();
        const moved = changed.includes('institutionId');
        await recordLearnersChanged(tx, [{ learnerId: learner.id, changed: changed.map(fieldName), previousInstitutionId: moved ? current.institutionId : null }], Date.now());
        await recordAudit(tx, viewer, {
          action: 'updateLearner',
          targetType: 'Learner',
          targetId: learner.id,
          institutionId: changes.institutionId ?? learner.institutionId,
          summary: `Changed ${changed.join(', ')} of learner ${learner.id}`,
        });
        return presentLearner(viewer, (await byId(tx).get({ id: learner.id }))!);
      }),
    );
  }

  /**
   * Deactivates a learner: every record and certificate stays; their tokens
   * are revoked in the same transaction, and they get no new token,
   * enrolment or certificate.
   */
  async deactivate(viewer: Viewer, input: { learnerId: number; reason: string }): Promise<Result<LearnerView>> {
    const found = await this.managed(viewer, input.learnerId);
    if (!found.ok) return found;
    const learner = found.value;
    const p = new Problems();
    const reason = p.text(input.reason, ['reason'], 'Reason', 500);
    if (!learner.active) p.add(['learnerId'], 'INACTIVE', 'The learner was already deactivated');
    if (p.any || !reason) return fail(...p.list);
    return rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        const changed = (
          await tx
            .update(learners)
            .set({ active: false, deactivatedAt: new Date(), updatedAt: new Date(), revision: sql`${learners.revision} + 1` })
            .where(and(eq(learners.id, learner.id), eq(learners.active, true)))
            .run()
        ).changes;
        if (!changed) throw new UserErrorsAbort([userError(['learnerId'], 'INACTIVE', 'The learner was already deactivated')]);
        await recordLearnersChanged(tx, [{ learnerId: learner.id, changed: ['active'] }], Date.now());
        const revoked = (
          await tx
            .update(apiTokens)
            .set({ revokedAt: new Date() })
            .where(and(eq(apiTokens.learnerId, learner.id), isNull(apiTokens.revokedAt)))
            .run()
        ).changes;
        await recordAudit(tx, viewer, {
          action: 'deactivateLearner',
          targetType: 'Learner',
          targetId: learner.id,
          institutionId: learner.institutionId,
          summary: `Deactivated learner ${learner.id} and revoked ${revoked} of their tokens: ${reason}`,
        });
        return presentLearner(viewer, (await byId(tx).get({ id: learner.id }))!);
      }),
    );
  }
}

/**
 * A learner's identity as the rules want it: PNS and PPPK by a valid NIP,
 * NON_ASN by e-mail and no NIP; the participant category fits the employment
 * type (ASN for PNS and PPPK only).
 */
function checkIdentity(
  p: Problems,
  row: { nip?: string | null; email?: string | null; employmentType: LearnerRow['employmentType']; participantCategory?: ParticipantCategoryName | null },
  at: (field: string) => (string | number)[],
): { nip: string | null; email: string | null } {
  const nip = row.nip?.trim() || null;
  const email = row.email?.trim() ? p.email(row.email, at('email')) : null;
  if (row.employmentType === 'NON_ASN') {
    if (nip) p.add(at('nip'), 'INVALID', 'NON_ASN participants have no NIP; identify them by e-mail');
    if (!row.email?.trim()) p.add(at('email'), 'REQUIRED', 'NON_ASN participants are identified by e-mail');
    if (row.participantCategory === 'ASN') p.add(at('participantCategory'), 'INVALID', 'A NON_ASN participant is not in category ASN');
  } else {
    if (!nip) p.add(at('nip'), 'REQUIRED', `${row.employmentType} learners are identified by NIP`);
    else {
      const problem = nipProblem(nip, row.employmentType);
      if (problem) p.add(at('nip'), 'INVALID_NIP', problem);
    }
    if (row.participantCategory && row.participantCategory !== 'ASN') p.add(at('participantCategory'), 'INVALID', `${row.employmentType} learners are in category ASN`);
  }
  return { nip, email };
}

const browseCountTask = defineTask('learners.browseCount', (s: { learners: LearnerService }, a: { viewer: Viewer; filter: LearnerFilter }) =>
  s.learners.browseCount(a.viewer, a.filter),
);

type InstitutionPageArgs = { viewer: Viewer; institution: InstitutionRow; args: LearnerListArgs };
const institutionPageTask = defineTask('learners.institutionPage', (s: { learners: LearnerService }, a: InstitutionPageArgs) =>
  s.learners.institutionPage(a.viewer, a.institution, a.args),
);

/** What the read pool's workers run for this service. */
export const LEARNER_TASKS = [browseCountTask, institutionPageTask];
