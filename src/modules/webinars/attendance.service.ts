import { and, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { chunked } from '../../db/batch';
import { prepared, type Database, type Db } from '../../db/database';
import {
  attendanceImports,
  attendanceRecords,
  learners,
  sessionAttendance,
  unmatchedAttendanceRows,
  webinarSessions,
  zoomIntervals,
  type UnmatchedAttendanceRow,
} from '../../db/schema';
import { fail, rollbackOnUserErrors, userError, UserErrorsAbort, type Result } from '../../core/errors';
import { paginate, type Page, type PageArgs } from '../../db/paginate';
import { Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import { entryPath, resolveLearnerEntries } from '../learners/learner-matcher';
import { evidenceReach } from './registration.service';
import type { LearnerService } from '../learners/learner.service';
import type { AttendanceView, UnmatchedRowStatusName, UnmatchedRowView } from './attendance.model';
import { FORM_LAYOUT } from './attendance-import.service';
import { recomputeAttendance } from './attendance.writer';
import { notCancelled, type WebinarService } from './webinar.service';
import type { SessionView } from './webinar.model';

/** Longest attendance a form or correction may state: a day. */
export const MAX_RECORDED_MINUTES = 24 * 60;
export const MAX_ENTRIES = 10_000;

export interface AttendanceEntry {
  nip?: string | null;
  email?: string | null;
  minutes: number;
  joinedAt?: string | null;
}

export interface RecordAttendance {
  sessionId: number;
  source: 'ZOOM_REPORT' | 'FORM' | 'MANUAL';
  entries: AttendanceEntry[];
}

export interface ResolveUnmatched {
  rowId: number;
  nip?: string | null;
  learnerId?: number | null;
}

export const MAX_DISMISSED = 1_000;

/** Which rows of the queue a list shows: OPEN unless asked otherwise. */
export const STATUS_WHERE: Record<UnmatchedRowStatusName, SQL> = {
  OPEN: and(isNull(unmatchedAttendanceRows.resolvedLearnerId), isNull(unmatchedAttendanceRows.dismissedAt))!,
  RESOLVED: isNotNull(unmatchedAttendanceRows.resolvedLearnerId),
  DISMISSED: and(isNull(unmatchedAttendanceRows.resolvedLearnerId), isNotNull(unmatchedAttendanceRows.dismissedAt))!,
};
/** Rows waiting for an admin: neither resolved nor dismissed. */
export const OPEN_ROWS = STATUS_WHERE.OPEN;


const attendanceColumns = {
  sessionId: sessionAttendance.sessionId,
  learnerId: sessionAttendance.learnerId,
  minutes: sessionAttendance.minutes,
  source: sessionAttendance.source,
  firstJoinAt: sessionAttendance.firstJoinAt,
  lastLeaveAt: sessionAttendance.lastLeaveAt,
  updatedAt: sessionAttendance.updatedAt,
  utcOffsetMinutes: webinarSessions.utcOffsetMinutes,
};

const attendanceOf = prepared((db) =>
  db
    .select(attendanceColumns)
    .from(sessionAttendance)
    .innerJoin(webinarSessions, eq(webinarSessions.id, sessionAttendance.sessionId))
    .where(and(eq(sessionAttendance.sessionId, sql.placeholder('session')), eq(sessionAttendance.learnerId, sql.placeholder('learner'))))
    .prepare(),
);


export class AttendanceService {
  constructor(
    private readonly db: Database,
    private readonly webinars: WebinarService,
    private readonly learners: LearnerService,
  ) {}

  private sessionFor(viewer: Viewer, sessionId: number): Promise<Result<SessionView>> {
    return this.webinars.openSession(viewer, sessionId);
  }

  /** FORM or MANUAL evidence, all-or-nothing; every record is kept. */
  async record(viewer: Viewer, input: RecordAttendance): Promise<Result<number>> {
    const found = await this.sessionFor(viewer, input.sessionId);
    if (!found.ok) return found;
    const session = found.value;
    const p = new Problems();
    if (input.source === 'ZOOM_REPORT') p.add(['source'], 'INVALID', 'Zoom reports are imported with importZoomAttendance');
    if (input.entries.length === 0) p.add(['entries'], 'REQUIRED', 'Give at least one entry');
    if (input.entries.length > MAX_ENTRIES) p.add(['entries'], 'TOO_LARGE', `At most ${MAX_ENTRIES} entries per call`);
    if (p.any) return fail(...p.list);

    const rows: { learnerId: number; minutes: number; joinedAt: Date | null }[] = [];
    const people = await resolveLearnerEntries(this.db.read, input.entries, p, {
      at: entryPath('entries'),
      usableAmong: evidenceReach(this.db.read, viewer, session.id),
      unreachable: policy.unreachableCode(viewer),
    });
    input.entries.forEach((entry, i) => {
      const minutes = p.intRange(entry.minutes, ['entries', i, 'minutes'], 'Minutes', 0, MAX_RECORDED_MINUTES);
      const joinedAt = entry.joinedAt ? new Date(Date.parse(entry.joinedAt)) : null;
      const learner = people[i];
      if (learner !== null && minutes !== null) rows.push({ learnerId: learner.id, minutes, joinedAt });
    });
    if (p.any) return fail(...p.inInputOrder());
    const source = input.source as 'FORM' | 'MANUAL';

    return rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        for (const part of chunked(rows, 1_000)) {
          await tx
            .insert(attendanceRecords)
            .values(part.map((r) => ({ ...r, sessionId: session.id, source, recordedBy: viewer.tokenName })))
            .run();
        }
        await recomputeAttendance(tx, session.id, rows.map((r) => r.learnerId));
        await recordAudit(tx, viewer, {
          action: 'recordAttendance',
          targetType: 'WebinarSession',
          targetId: `${session.seriesCode}#${session.number}`,
          institutionId: session.organizerId,
          summary: `Recorded ${source} attendance of ${rows.length} learners`,
        });
        return rows.length;
      }),
    );
  }

  /**
   * Gives an unmatched row, and every other unresolved row of the session
   * from the same person (same e-mail, or same name without one), to a learner.
   */
  async resolveUnmatched(viewer: Viewer, input: ResolveUnmatched): Promise<Result<AttendanceView>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const found = await this.db.read.select().from(unmatchedAttendanceRows).where(eq(unmatchedAttendanceRows.id, input.rowId)).get();
    const managed = policy.manageable(viewer, found && { row: found, session: (await this.webinars.findSession(found.sessionId))! }, (m) => m.session.organizerPath, 'unmatched row');
    if (!managed) return fail(userError(['rowId'], 'NOT_FOUND', 'No such unmatched row'));
    const { row, session } = managed;
    const open = notCancelled(session, ['rowId']);
    if (!open.ok) return open;
    if (row.dismissedAt && row.resolvedLearnerId === null) return fail(userError(['rowId'], 'ALREADY_DISMISSED', 'This row was dismissed'));
    const p = new Problems();
    const [learner] = await resolveLearnerEntries(this.db.read, [input], p, {
      at: (_i, key) => [key],
      usableAmong: evidenceReach(this.db.read, viewer, session.id),
      unreachable: policy.unreachableCode(viewer),
    });
    if (!learner) return fail(...p.list);

    return rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        const current = (await tx.select().from(unmatchedAttendanceRows).where(eq(unmatchedAttendanceRows.id, row.id)).get())!;
        if (current.resolvedLearnerId !== null) {
          throw new UserErrorsAbort([userError(['rowId'], 'ALREADY_RESOLVED', 'This row was already resolved to a learner')]);
        }
        const rows = await this.samePerson(tx, current);
        // A presence form's row is FORM evidence, as it would have been had it matched on import.
        const forms = new Set(
          (
            await tx
              .select({ id: attendanceImports.id })
              .from(attendanceImports)
              .where(and(inArray(attendanceImports.id, [...new Set(rows.map((r) => r.importId))]), eq(attendanceImports.layout, FORM_LAYOUT)))
              .all()
          ).map((i) => i.id),
        );
        const formRows = rows.filter((r) => forms.has(r.importId));
        const zoomRows = rows.filter((r) => !forms.has(r.importId));
        if (formRows.length) {
          await tx
            .insert(attendanceRecords)
            .values(formRows.map((r) => ({ sessionId: r.sessionId, learnerId: learner.id, source: 'FORM' as const, minutes: r.minutes, joinedAt: null, recordedBy: viewer.tokenName })))
            .run();
        }
        if (zoomRows.length) {
          await tx
            .insert(zoomIntervals)
            .values(
              zoomRows.map((r) => ({
                importId: r.importId,
                sessionId: r.sessionId,
                learnerId: learner.id,
                line: r.line,
                joinedAt: r.joinedAt,
                leftAt: r.leftAt,
                minutes: r.minutes,
              })),
            )
            .run();
        }
        for (const r of rows) {
          await tx.update(unmatchedAttendanceRows).set({ resolvedLearnerId: learner.id, resolvedAt: new Date() }).where(eq(unmatchedAttendanceRows.id, r.id)).run();
        }
        await recomputeAttendance(tx, session.id, [learner.id]);
        await recordAudit(tx, viewer, {
          action: 'resolveUnmatchedAttendance',
          targetType: 'WebinarSession',
          targetId: `${session.seriesCode}#${session.number}`,
          institutionId: session.organizerId,
          summary: `Resolved ${rows.length} report rows of "${current.displayName}" to learner ${learner.nip ?? learner.email}`,
        });
        return (await attendanceOf(tx).get({ session: session.id, learner: learner.id }))!;
      }),
    );
  }

  private async samePerson(tx: Db, row: UnmatchedAttendanceRow): Promise<UnmatchedAttendanceRow[]> {
    const person = row.email ? eq(unmatchedAttendanceRows.email, row.email) : and(isNull(unmatchedAttendanceRows.email), eq(unmatchedAttendanceRows.displayName, row.displayName));
    return tx
      .select()
      .from(unmatchedAttendanceRows)
      .where(and(eq(unmatchedAttendanceRows.sessionId, row.sessionId), STATUS_WHERE.OPEN, or(eq(unmatchedAttendanceRows.id, row.id), person)))
      .all();
  }

  /** A session's attendance by learner name; the organiser's admins only. */
  async listForSession(viewer: Viewer, session: SessionView, args: PageArgs): Promise<Page<AttendanceView>> {
    policy.requireManage(viewer, session.organizerPath, 'Only the organiser’s admins may see this attendance');
    const where = eq(sessionAttendance.sessionId, session.id);
    return paginate(args, {
      rows: (page) =>
        this.db.read
          .select({ ...attendanceColumns, name: learners.name })
          .from(sessionAttendance)
          .innerJoin(webinarSessions, eq(webinarSessions.id, sessionAttendance.sessionId))
          .innerJoin(learners, eq(learners.id, sessionAttendance.learnerId))
          .where(and(where, page.after))
          .orderBy(...page.orderBy)
          .limit(page.limit)
          .all(),
      order: [
        { column: learners.name, direction: 'asc', value: (r) => r.name },
        { column: learners.id, direction: 'asc', value: (r) => r.learnerId },
      ],
      count: async () => (await this.db.read.select({ n: sql<number>`count(*)` }).from(sessionAttendance).where(where).get())!.n,
    });
  }

  /** A learner's attendances, latest session first: the learner themself, or admins of their institution. */
  async listForLearner(viewer: Viewer, learner: { id: number; institutionId: number }, args: PageArgs): Promise<Page<AttendanceView>> {
    await this.learners.requireReadable(viewer, learner.id);
    const where = eq(sessionAttendance.learnerId, learner.id);
    return paginate(args, {
      rows: (page) =>
        this.db.read
          .select({ ...attendanceColumns, startsAt: webinarSessions.startsAt })
          .from(sessionAttendance)
          .innerJoin(webinarSessions, eq(webinarSessions.id, sessionAttendance.sessionId))
          .where(and(where, page.after))
          .orderBy(...page.orderBy)
          .limit(page.limit)
          .all(),
      order: [
        { column: webinarSessions.startsAt, direction: 'desc', value: (r) => r.startsAt.getTime() },
        { column: webinarSessions.id, direction: 'desc', value: (r) => r.sessionId },
      ],
      count: async () => (await this.db.read.select({ n: sql<number>`count(*)` }).from(sessionAttendance).where(where).get())!.n,
    });
  }

  /**
   * Dismisses OPEN rows (a host, a test account): they keep their reason and
   * leave the open queue. All or nothing.
   */
  async dismissUnmatched(viewer: Viewer, input: { rowIds: number[]; reason: string }): Promise<Result<number>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const p = new Problems();
    const reason = p.text(input.reason, ['reason'], 'Reason', 500);
    const ids = [...new Set(input.rowIds)];
    if (ids.length === 0) p.add(['rowIds'], 'REQUIRED', 'Name at least one row');
    if (ids.length > MAX_DISMISSED) p.add(['rowIds'], 'TOO_LARGE', `At most ${MAX_DISMISSED} rows per call`);
    if (p.any || !reason) return fail(...p.list);
    const rows = new Map((await this.db.read.select().from(unmatchedAttendanceRows).where(inArray(unmatchedAttendanceRows.id, ids)).all()).map((r) => [r.id, r]));
    const sessions = new Map<number, SessionView | undefined>();
    const sessionOf = async (id: number) => (sessions.has(id) ? sessions.get(id) : sessions.set(id, await this.webinars.findSession(id)).get(id));
    for (const [i, id] of input.rowIds.entries()) {
      const row = rows.get(id);
      const session = row && (await sessionOf(row.sessionId));
      if (!policy.manageable(viewer, row && session, (s) => s.organizerPath, 'unmatched row')) p.add(['rowIds', i], 'NOT_FOUND', 'No such unmatched row');
      else if (row!.resolvedLearnerId !== null) p.add(['rowIds', i], 'ALREADY_RESOLVED', 'This row was already resolved to a learner');
      else if (row!.dismissedAt) p.add(['rowIds', i], 'ALREADY_DISMISSED', 'This row was already dismissed');
    }
    if (p.any) return fail(...p.list);
    return rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        const now = new Date();
        const changed = (
          await tx
            .update(unmatchedAttendanceRows)
            .set({ dismissedAt: now, dismissalReason: reason })
            .where(and(inArray(unmatchedAttendanceRows.id, ids), STATUS_WHERE.OPEN))
            .run()
        ).changes;
        if (changed !== ids.length) throw new UserErrorsAbort([userError(['rowIds'], 'ALREADY_DISMISSED', 'A row was resolved or dismissed meanwhile')]);
        // Every row's session was looked up (and kept) by the checks above.
        for (const session of new Set([...rows.values()].map((r) => sessions.get(r.sessionId)!))) {
          const count = [...rows.values()].filter((r) => r.sessionId === session.id).length;
          await recordAudit(tx, viewer, {
            action: 'dismissUnmatchedAttendance',
            targetType: 'WebinarSession',
            targetId: `${session.seriesCode}#${session.number}`,
            institutionId: session.organizerId,
            summary: `Dismissed ${count} unmatched report rows: ${reason}`,
          });
        }
        return changed;
      }),
    );
  }

  /** A session's report rows by status (OPEN, waiting for an admin, unless asked otherwise), in file order. */
  async listUnmatched(viewer: Viewer, session: SessionView, args: PageArgs & { status?: UnmatchedRowStatusName | null }): Promise<Page<UnmatchedRowView>> {
    policy.requireManage(viewer, session.organizerPath, 'Only the organiser’s admins may see this attendance');
    const where = and(eq(unmatchedAttendanceRows.sessionId, session.id), STATUS_WHERE[args.status ?? 'OPEN']);
    return paginate(args, {
      rows: async (page) =>
        (
          await this.db.read
            .select()
            .from(unmatchedAttendanceRows)
            .where(and(where, page.after))
            .orderBy(...page.orderBy)
            .limit(page.limit)
            .all()
        ).map((r) => ({ ...r, raw: JSON.parse(r.raw) as unknown, utcOffsetMinutes: session.utcOffsetMinutes })),
      order: [{ column: unmatchedAttendanceRows.id, direction: 'asc', value: (r) => r.id }],
      count: async () => (await this.db.read.select({ n: sql<number>`count(*)` }).from(unmatchedAttendanceRows).where(where).get())!.n,
    });
  }
}

