import { and, eq, getTableColumns, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { prepared, type Database, type Db } from '../../db/database';
import {
  institutions,
  sessionTkpkTags,
  webinarSeries,
  webinarSessionChannels,
  webinarSessionCompetencies,
  webinarSessions,
  type WebinarSeriesRow,
} from '../../db/schema';
import { labelsOf, replaceTags, SESSION_TAGS, tagsOf, type TkpkTagged } from '../tkpk/tkpk-tags';
import { fail, ok, requireRevision, rollbackOnUserErrors, userError, UserErrorsAbort, type Outcome, type Result } from '../../core/errors';
import { paginate, paginateMany, rankWithin, type OrderKey, type Page, type PageArgs } from '../../db/paginate';
import { scopeCondition } from '../institutions/list-scope';
import { contains } from '../../db/contains';
import { MULTI_LINE, Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import { checkRuleCode } from '../certificates/rule-reference';
import { checkCompetencyCodes } from '../competencies/competency.service';
import type { InstitutionService } from '../institutions/institution.service';
import type { SessionView } from './webinar.model';
import { storable } from '../../db/portable';

export const sessionViewColumns = {
  ...getTableColumns(webinarSessions),
  seriesCode: webinarSeries.code,
  organizerId: webinarSeries.organizerId,
  organizerPath: institutions.path,
};

/** Sessions joined with what their access checks need. */
export const selectSessionViews = (db: Db) => selectSessionViewsWith(db, {});

const selectSessionViewsWith = <E extends Record<string, SQL.Aliased>>(db: Db, extra: E) =>
  db
    .select({ ...sessionViewColumns, ...extra })
    .from(webinarSessions)
    .innerJoin(webinarSeries, eq(webinarSeries.id, webinarSessions.seriesId))
    .innerJoin(institutions, eq(institutions.id, webinarSeries.organizerId));

type SeriesWithOrganizer = WebinarSeriesRow & { organizerCode: string; organizerPath: string };

const seriesByCode = prepared((db) =>
  db
    .select({
      id: webinarSeries.id,
      code: webinarSeries.code,
      title: webinarSeries.title,
      description: webinarSeries.description,
      organizerId: webinarSeries.organizerId,
      createdAt: webinarSeries.createdAt,
      organizerCode: institutions.code,
      organizerPath: institutions.path,
    })
    .from(webinarSeries)
    .innerJoin(institutions, eq(institutions.id, webinarSeries.organizerId))
    .where(eq(sql`lower(${webinarSeries.code})`, sql.placeholder('code')))
    .prepare(),
);
const sessionById = prepared((db) => selectSessionViews(db).where(eq(webinarSessions.id, sql.placeholder('id'))).prepare());
const sessionByNumber = prepared((db) =>
  selectSessionViews(db)
    .where(and(eq(sql`lower(${webinarSeries.code})`, sql.placeholder('code')), eq(webinarSessions.number, sql.placeholder('number'))))
    .prepare(),
);

export interface NewSeries {
  code: string;
  title: string;
  organizerCode: string;
  description?: string | null;
}

export interface NewSession extends TkpkTagged {
  seriesCode: string;
  number: number;
  title: string;
  startsAt: string;
  endsAt: string;
  jp: number;
  channels?: { platform: 'ZOOM' | 'YOUTUBE' | 'OTHER'; url?: string | null }[] | null;
  competencyCodes?: string[] | null;
  certificateRuleCode?: string | null;
}

/** An update: omitted fields stay; a list that is sent replaces the whole list. */
export interface SessionChanges extends TkpkTagged {
  sessionId: number;
  expectedRevision?: number | null;
  title?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  jp?: number | null;
  certificateRuleCode?: string | null;
  channels?: NewSession['channels'];
  competencyCodes?: string[] | null;
}

export interface SessionFilter {
  from?: string | null;
  to?: string | null;
  competencyCode?: string | null;
  seriesCode?: string | null;
  organizerCode?: string | null;
}

const URL_PATTERN = /^https?:\/\/[^\s]+$/i;

export interface SeriesFilter {
  organizerCode?: string | null;
  search?: string | null;
  code?: string | null;
}

/** A series' sessions by start time. */
const sessionOrder: OrderKey<SessionView>[] = [
  { column: webinarSessions.startsAt, direction: 'asc', value: (r) => r.startsAt.getTime() },
  { column: webinarSessions.id, direction: 'asc', value: (r) => r.id },
];

export class WebinarService {
  constructor(
    private readonly db: Database,
    private readonly institutions: InstitutionService,
  ) {}

  async findSeries(code: string, db: Db = this.db.read): Promise<SeriesWithOrganizer | undefined> {
    return seriesByCode(db).get({ code: code.trim().toLowerCase() });
  }

  async findSession(id: number, db: Db = this.db.read): Promise<SessionView | undefined> {
    return sessionById(db).get({ id });
  }

  /** Sessions are part of the public catalogue. */
  async getSession(seriesCode: string, number: number): Promise<SessionView | null> {
    return storable(seriesCode) ? ((await sessionByNumber(this.db.read).get({ code: seriesCode.trim().toLowerCase(), number })) ?? null) : null;
  }

  /** Series whose organiser the viewer manages (a SUPERADMIN: all), newest first. */
  async listSeries(viewer: Viewer, filter: SeriesFilter, args: PageArgs): Promise<Page<WebinarSeriesRow>> {
    const scope = await this.institutions.listScope(viewer, filter.organizerCode);
    const search = filter.search?.trim();
    const where = and(
      scopeCondition(scope, { institution: webinarSeries.organizerId }),
      filter.code?.trim() ? eq(sql`lower(${webinarSeries.code})`, filter.code.trim().toLowerCase()) : undefined,
      search ? or(contains(webinarSeries.code, search), contains(webinarSeries.title, search)) : undefined,
    );
    return paginate(args, {
      rows: (page) => this.db.read.select().from(webinarSeries).where(and(where, page.after)).orderBy(...page.orderBy).limit(page.limit).all(),
      order: [{ column: webinarSeries.id, direction: 'desc', value: (r) => r.id }],
      count: async () => (await this.db.read.select({ n: sql<number>`count(*)` }).from(webinarSeries).where(where).get())!.n,
    });
  }

  /** The sessions of many series, one page each, in one statement (and one for their counts). */
  sessionsOfSeries(seriesIds: number[], args: PageArgs): Promise<Page<SessionView>[]> {
    return paginateMany(args, seriesIds, {
      rows: (ids, page) => {
        const ranked = selectSessionViewsWith(this.db.read, { rank: rankWithin(webinarSessions.seriesId, page.orderBy).as('rank') })
          .where(and(inArray(webinarSessions.seriesId, ids), page.after))
          .as('ranked');
        return this.db.read.select().from(ranked).where(sql`"rank" <= ${page.limit}`).orderBy(sql`"rank"`).all();
      },
      parentOf: (r) => r.seriesId,
      order: sessionOrder,
      counts: async (ids) =>
        new Map(
          (
            await this.db.read
              .select({ id: webinarSessions.seriesId, n: sql<number>`count(*)` })
              .from(webinarSessions)
              .where(inArray(webinarSessions.seriesId, ids))
              .groupBy(webinarSessions.seriesId)
              .all()
          ).map((r) => [r.id, r.n]),
        ),
    });
  }

  /**
   * Public: sessions by start time, then id; cancelled ones are left out (their
   * series still lists them). A catalogue that may lag a moment: a replica serves it.
   */
  listSessions(filter: SessionFilter, args: PageArgs): Promise<Page<SessionView>> {
    const where = and(...this.sessionFilters(filter), eq(webinarSessions.status, 'SCHEDULED'));
    const db = this.db.replica;
    return paginate(args, {
      rows: (page) => selectSessionViews(db).where(and(where, page.after)).orderBy(...page.orderBy).limit(page.limit).all(),
      order: sessionOrder,
      count: async () =>
        (await db
          .select({ n: sql<number>`count(*)` })
          .from(webinarSessions)
          .innerJoin(webinarSeries, eq(webinarSeries.id, webinarSessions.seriesId))
          .innerJoin(institutions, eq(institutions.id, webinarSeries.organizerId))
          .where(where)
          .get())!.n,
    });
  }

  private sessionFilters(filter: SessionFilter): (SQL | undefined)[] {
    return [
      filter.from ? gte(webinarSessions.startsAt, new Date(Date.parse(filter.from))) : undefined,
      filter.to ? lt(webinarSessions.startsAt, new Date(Date.parse(filter.to))) : undefined,
      filter.seriesCode ? eq(sql`lower(${webinarSeries.code})`, filter.seriesCode.trim().toLowerCase()) : undefined,
      filter.organizerCode ? eq(sql`lower(${institutions.code})`, filter.organizerCode.trim().toLowerCase()) : undefined,
      filter.competencyCode
        ? inArray(
            webinarSessions.id,
            this.db.read
              .select({ id: webinarSessionCompetencies.sessionId })
              .from(webinarSessionCompetencies)
              .where(eq(webinarSessionCompetencies.competencyCode, filter.competencyCode.trim())),
          )
        : undefined,
    ];
  }

  async createSeries(viewer: Viewer, input: NewSeries): Promise<Result<WebinarSeriesRow>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const p = new Problems();
    const code = p.code(input.code, ['code']);
    const title = p.text(input.title, ['title'], 'Title');
    const description = p.optionalText(input.description, ['description'], 'Description', 2000, MULTI_LINE);
    const organizer = await this.institutions.findByCode(input.organizerCode);
    if (!organizer) p.add(['organizerCode'], 'NOT_FOUND', `No institution has code ${input.organizerCode}`);
    else policy.requireManage(viewer, organizer.path, `You cannot organise webinars for ${organizer.code}`);
    if (code && (await this.findSeries(code))) p.add(['code'], 'ALREADY_EXISTS', `Webinar series ${code} already exists`);
    if (p.any || !code || !title || !organizer) return fail(...p.list);

    return rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        if (await this.findSeries(code, tx)) {
          throw new UserErrorsAbort([{ field: ['code'], code: 'ALREADY_EXISTS', message: `Webinar series ${code} already exists` }]);
        }
        const series = await tx.insert(webinarSeries).values({ code, title, description, organizerId: organizer.id }).returning().get();
        await recordAudit(tx, viewer, {
          action: 'createWebinarSeries',
          targetType: 'WebinarSeries',
          targetId: code,
          institutionId: organizer.id,
          summary: `Created webinar series ${code} (${title}) organised by ${organizer.code}`,
        });
        return series;
      }),
    );
  }

  async scheduleSession(viewer: Viewer, input: NewSession): Promise<Result<SessionView>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const p = new Problems();
    const series = await this.findSeries(input.seriesCode);
    if (!series) p.add(['seriesCode'], 'NOT_FOUND', `No webinar series has code ${input.seriesCode}`);
    if (series) policy.requireManage(viewer, series.organizerPath, `Only admins of ${series.organizerCode} may schedule sessions of ${series.code}`);
    const number = p.intRange(input.number, ['number'], 'Session number', 1, 100_000);
    const title = p.text(input.title, ['title'], 'Title');
    const jp = p.intRange(input.jp, ['jp'], 'JP', 0, 100);
    const starts = DateTime.fromISO(input.startsAt, { setZone: true });
    const ends = DateTime.fromISO(input.endsAt, { setZone: true });
    if (!starts.isValid) p.add(['startsAt'], 'INVALID', 'startsAt is not a date-time');
    if (!ends.isValid) p.add(['endsAt'], 'INVALID', 'endsAt is not a date-time');
    else if (starts.isValid && ends <= starts) p.add(['endsAt'], 'INVALID', 'endsAt must be after startsAt');
    const channels = checkChannels(input.channels ?? [], p);
    const competencyCodes = await this.checkCompetencies(input.competencyCodes ?? [], p);
    const certificateRuleCode = await this.checkRule(input.certificateRuleCode, p);
    if (series && number !== null && (await this.getSession(series.code, number))) {
      p.add(['number'], 'ALREADY_EXISTS', `Session ${number} of ${series.code} already exists`);
    }
    if (p.any || !series || number === null || !title || jp === null) return fail(...p.list);

    const id = await rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        if (await this.getSessionIn(tx, series.id, number)) {
          throw new UserErrorsAbort([{ field: ['number'], code: 'ALREADY_EXISTS', message: `Session ${number} of ${series.code} already exists` }]);
        }
        const session = await tx
          .insert(webinarSessions)
          .values({
            seriesId: series.id,
            number,
            title,
            startsAt: starts.toJSDate(),
            endsAt: ends.toJSDate(),
            utcOffsetMinutes: starts.offset,
            jp,
            certificateRuleCode,
          })
          .returning({ id: webinarSessions.id })
          .get();
        await writeChannels(tx, session.id, channels);
        await writeCompetencies(tx, session.id, competencyCodes);
        await replaceTags(tx, SESSION_TAGS, new Map([[session.id, tagsOf(input)]]));
        await recordAudit(tx, viewer, {
          action: 'scheduleWebinarSession',
          targetType: 'WebinarSession',
          targetId: `${series.code}#${number}`,
          institutionId: series.organizerId,
          summary: `Scheduled session ${number} of ${series.code} (${title}) at ${input.startsAt}`,
        });
        return session.id;
      }),
    );
    return id.ok ? ok((await this.findSession(id.value))!) : id;
  }

  private async checkCompetencies(given: string[], p: Problems): Promise<string[]> {
    const codes = given.map((c, i) => p.code(c, ['competencyCodes', i], 'Competency code'));
    await checkCompetencyCodes(this.db.read, codes, 'competencyCodes', p);
    return [...new Set(codes.filter((c): c is string => c !== null))];
  }

  private async checkRule(given: string | null | undefined, p: Problems): Promise<string | null> {
    const code = given?.trim() ? p.code(given, ['certificateRuleCode'], 'Certificate rule code') : null;
    await checkRuleCode(this.db.read, code, ['certificateRuleCode'], p);
    return code;
  }

  /** The session a change names, if the viewer manages its organiser; a userError when there is none. */
  async managedSession(viewer: Viewer, sessionId: number): Promise<Result<SessionView>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const session = policy.manageable(viewer, await this.findSession(sessionId), (s) => s.organizerPath, 'webinar session');
    return session ? ok(session) : fail(userError(['sessionId'], 'NOT_FOUND', 'No such webinar session'));
  }

  /** Like `managedSession`, and a userError (CANCELLED) for a cancelled session: it takes no new attendance. */
  async openSession(viewer: Viewer, sessionId: number): Promise<Result<SessionView>> {
    const found = await this.managedSession(viewer, sessionId);
    return found.ok ? notCancelled(found.value, ['sessionId']) : found;
  }

  /**
   * Changes a session. Rescheduling changes what eligibility is judged by from
   * now on; certificates already issued keep the date and JP they were issued with.
   */
  async updateSession(viewer: Viewer, input: SessionChanges): Promise<Outcome<SessionView>> {
    const found = await this.managedSession(viewer, input.sessionId);
    if (!found.ok) return found;
    const session = found.value;
    const p = new Problems();
    const changes: Partial<typeof webinarSessions.$inferInsert> = {};
    if (p.given(input.title, ['title'], 'Title')) changes.title = p.text(input.title, ['title'], 'Title') ?? undefined;
    if (p.given(input.jp, ['jp'], 'JP')) changes.jp = p.intRange(input.jp, ['jp'], 'JP', 0, 100) ?? undefined;
    const starts = p.given(input.startsAt, ['startsAt'], 'startsAt') ? DateTime.fromISO(input.startsAt, { setZone: true }) : null;
    const ends = p.given(input.endsAt, ['endsAt'], 'endsAt') ? DateTime.fromISO(input.endsAt, { setZone: true }) : null;
    if (starts && !starts.isValid) p.add(['startsAt'], 'INVALID', 'startsAt is not a date-time');
    if (ends && !ends.isValid) p.add(['endsAt'], 'INVALID', 'endsAt is not a date-time');
    const newStart = starts?.isValid ? starts.toMillis() : session.startsAt.getTime();
    const newEnd = ends?.isValid ? ends.toMillis() : session.endsAt.getTime();
    if ((starts || ends) && newEnd <= newStart) p.add([ends ? 'endsAt' : 'startsAt'], 'INVALID', 'endsAt must be after startsAt');
    if (starts?.isValid) Object.assign(changes, { startsAt: starts.toJSDate(), utcOffsetMinutes: starts.offset });
    if (ends?.isValid) changes.endsAt = ends.toJSDate();
    if (input.certificateRuleCode !== undefined) changes.certificateRuleCode = await this.checkRule(input.certificateRuleCode, p);
    const channels = input.channels === undefined ? undefined : checkChannels(input.channels ?? [], p);
    const competencyCodes = input.competencyCodes === undefined ? undefined : await this.checkCompetencies(input.competencyCodes ?? [], p);
    if (session.status === 'CANCELLED') p.add(['sessionId'], 'CANCELLED', 'A cancelled session cannot be changed');
    if (p.any) return fail(...p.list);

    return rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        const current = (await this.findSession(session.id, tx))!;
        requireRevision(current, input.expectedRevision);
        const changed: string[] = (Object.keys(changes) as (keyof typeof changes)[]).filter((k) => {
          const before = current[k as keyof SessionView];
          const after = changes[k];
          return before instanceof Date && after instanceof Date ? before.getTime() !== after.getTime() : before !== after;
        });
        if (channels) {
          await tx.delete(webinarSessionChannels).where(eq(webinarSessionChannels.sessionId, session.id)).run();
          await writeChannels(tx, session.id, channels);
          changed.push('channels');
        }
        if (competencyCodes) {
          await tx.delete(webinarSessionCompetencies).where(eq(webinarSessionCompetencies.sessionId, session.id)).run();
          await writeCompetencies(tx, session.id, competencyCodes);
          changed.push('competencyCodes');
        }
        if (input.programGroups !== undefined || input.strategies !== undefined) {
          // The two lists share one tag table: a sent list replaces itself and leaves the other as it was.
          const stored = labelsOf((await tx.select({ tag: sessionTkpkTags.tag }).from(sessionTkpkTags).where(eq(sessionTkpkTags.sessionId, session.id)).all()).map((r) => r.tag));
          const tags = tagsOf({
            programGroups: input.programGroups === undefined ? stored.programGroups : input.programGroups,
            strategies: input.strategies === undefined ? stored.strategies : input.strategies,
          });
          await replaceTags(tx, SESSION_TAGS, new Map([[session.id, tags]]));
          changed.push(...(input.programGroups !== undefined ? ['programGroups'] : []), ...(input.strategies !== undefined ? ['strategies'] : []));
        }
        if (changed.length === 0) return current;
        await tx.update(webinarSessions).set({ ...changes, revision: sql`${webinarSessions.revision} + 1` }).where(eq(webinarSessions.id, session.id)).run();
        await recordAudit(tx, viewer, {
          action: 'updateWebinarSession',
          targetType: 'WebinarSession',
          targetId: `${session.seriesCode}#${session.number}`,
          institutionId: session.organizerId,
          summary: `Changed ${changed.join(', ')} of session ${session.number} of ${session.seriesCode}`,
        });
        return (await this.findSession(session.id, tx))!;
      }),
    );
  }

  /** Cancels a session: it stays listed in its series with its reason, and takes nothing new. */
  async cancelSession(viewer: Viewer, input: { sessionId: number; reason: string }): Promise<Result<SessionView>> {
    const found = await this.managedSession(viewer, input.sessionId);
    if (!found.ok) return found;
    const session = found.value;
    const p = new Problems();
    const reason = p.text(input.reason, ['reason'], 'Reason', 500);
    if (session.status === 'CANCELLED') p.add(['sessionId'], 'CANCELLED', 'The session was already cancelled');
    if (p.any || !reason) return fail(...p.list);
    const result = await rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        const changed = (
          await tx
            .update(webinarSessions)
            .set({ status: 'CANCELLED', cancelledAt: new Date(), cancellationReason: reason, revision: sql`${webinarSessions.revision} + 1` })
            .where(and(eq(webinarSessions.id, session.id), eq(webinarSessions.status, 'SCHEDULED')))
            .run()
        ).changes;
        if (!changed) throw new UserErrorsAbort([userError(['sessionId'], 'CANCELLED', 'The session was already cancelled')]);
        await recordAudit(tx, viewer, {
          action: 'cancelWebinarSession',
          targetType: 'WebinarSession',
          targetId: `${session.seriesCode}#${session.number}`,
          institutionId: session.organizerId,
          summary: `Cancelled session ${session.number} of ${session.seriesCode}: ${reason}`,
        });
      }),
    );
    return result.ok ? ok((await this.findSession(session.id))!) : result;
  }

  private async getSessionIn(tx: Db, seriesId: number, number: number) {
    return tx
      .select({ id: webinarSessions.id })
      .from(webinarSessions)
      .where(and(eq(webinarSessions.seriesId, seriesId), eq(webinarSessions.number, number)))
      .get();
  }
}

type Channel = { platform: 'ZOOM' | 'YOUTUBE' | 'OTHER'; url: string | null };

function checkChannels(given: NonNullable<NewSession['channels']>, p: Problems): Channel[] {
  return given.map((c, i) => {
    const url = c.url?.trim() || null;
    const at = ['channels', i, 'url'];
    if (url && p.safeCharacters(url, at, 'A link') && (url.length > 500 || !URL_PATTERN.test(url))) {
      p.add(at, 'INVALID', `"${url.slice(0, 80)}" is not an http(s) link`);
    }
    return { platform: c.platform, url };
  });
}

async function writeChannels(tx: Db, sessionId: number, channels: Channel[]): Promise<void> {
  if (channels.length) await tx.insert(webinarSessionChannels).values(channels.map((c, position) => ({ sessionId, position, ...c }))).run();
}

async function writeCompetencies(tx: Db, sessionId: number, codes: string[]): Promise<void> {
  if (codes.length) await tx.insert(webinarSessionCompetencies).values(codes.map((competencyCode) => ({ sessionId, competencyCode }))).run();
}

/** A cancelled session takes no new attendance or scores. */
export function notCancelled(session: SessionView, field: string[]): Result<SessionView> {
  if (session.status !== 'CANCELLED') return ok(session);
  return fail(userError(field, 'CANCELLED', `Session ${session.number} of ${session.seriesCode} is cancelled: it takes nothing new`));
}
