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
import { fail, ok, rollbackOnUserErrors, userError, UserErrorsAbort, type Result } from '../../core/errors';
import { paginate, type Page, type PageArgs } from '../../db/paginate';
import { Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import { entryPath, resolveLearnerEntries } from '../learners/learner-matcher';
import { evidenceReach } from './registration.service';
import type { LearnerService } from '../learners/learner.service';
import type { AttendanceView, UnmatchedRowStatusName, UnmatchedRowView } from './attendance.model';
import { FORM_LAYOUT } from './attendance-import.service';
import { recomputeAttendance } from './attendance.writer';
import type { WebinarService } from './webinar.service';
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
  nip: string;
}


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

  /** The session a mutation names, if the viewer manages it; a userError when there is none. */
  private sessionFor(viewer: Viewer, sessionId: number): Result<SessionView> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const session = policy.manageable(viewer, this.webinars.findSession(sessionId), (s) => s.organizerPath, 'webinar session');
    return session ? ok(session) : fail(userError(['sessionId'], 'NOT_FOUND', 'No such webinar session'));
  }

  /** FORM or MANUAL evidence, all-or-nothing; every record is kept. */
  async record(viewer: Viewer, input: RecordAttendance): Promise<Result<number>> {
    const found = this.sessionFor(viewer, input.sessionId);
    if (!found.ok) return found;
    const session = found.value;
    const p = new Problems();
    if (input.source === 'ZOOM_REPORT') p.add(['source'], 'INVALID', 'Zoom reports are imported with importZoomAttendance');
    if (input.entries.length === 0) p.add(['entries'], 'REQUIRED', 'Give at least one entry');
    if (input.entries.length > MAX_ENTRIES) p.add(['entries'], 'TOO_LARGE', `At most ${MAX_ENTRIES} entries per call`);
    if (p.any) return fail(...p.list);

    const rows: { learnerId: number; minutes: number; joinedAt: Date | null }[] = [];
    const people = resolveLearnerEntries(this.db.read, input.entries, p, {
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
      this.db.write((tx) => {
        for (const part of chunked(rows, 1_000)) {
          tx.insert(attendanceRecords)
            .values(part.map((r) => ({ ...r, sessionId: session.id, source, recordedBy: viewer.tokenName })))
            .run();
        }
        recomputeAttendance(tx, session.id, rows.map((r) => r.learnerId));
        recordAudit(tx, viewer, {
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
    const found = this.db.read.select().from(unmatchedAttendanceRows).where(eq(unmatchedAttendanceRows.id, input.rowId)).get();
    const managed = policy.manageable(viewer, found && { row: found, session: this.webinars.findSession(found.sessionId)! }, (m) => m.session.organizerPath, 'unmatched row');
    if (!managed) return fail(userError(['rowId'], 'NOT_FOUND', 'No such unmatched row'));
    const { row, session } = managed;
    const p = new Problems();
    const [learner] = resolveLearnerEntries(this.db.read, [input], p, {
      at: (_i, key) => [key],
      usableAmong: evidenceReach(this.db.read, viewer, session.id),
      unreachable: policy.unreachableCode(viewer),
    });
    if (!learner) return fail(...p.list);

    return rollbackOnUserErrors(() =>
      this.db.write((tx) => {
        const current = tx.select().from(unmatchedAttendanceRows).where(eq(unmatchedAttendanceRows.id, row.id)).get()!;
        if (current.resolvedLearnerId !== null) {
          throw new UserErrorsAbort([userError(['rowId'], 'ALREADY_RESOLVED', 'This row was already resolved to a learner')]);
        }
        const rows = this.samePerson(tx, current);
        // A presence form's row is FORM evidence, as it would have been had it matched on import.
        const forms = new Set(
          tx
            .select({ id: attendanceImports.id })
            .from(attendanceImports)
            .where(and(inArray(attendanceImports.id, [...new Set(rows.map((r) => r.importId))]), eq(attendanceImports.layout, FORM_LAYOUT)))
            .all()
            .map((i) => i.id),
        );
        const formRows = rows.filter((r) => forms.has(r.importId));
        const zoomRows = rows.filter((r) => !forms.has(r.importId));
        if (formRows.length) {
          tx.insert(attendanceRecords)
            .values(formRows.map((r) => ({ sessionId: r.sessionId, learnerId: learner.id, source: 'FORM' as const, minutes: r.minutes, joinedAt: null, recordedBy: viewer.tokenName })))
            .run();
        }
        if (zoomRows.length) {
          tx.insert(zoomIntervals)
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
          tx.update(unmatchedAttendanceRows).set({ resolvedLearnerId: learner.id, resolvedAt: new Date() }).where(eq(unmatchedAttendanceRows.id, r.id)).run();
        }
        recomputeAttendance(tx, session.id, [learner.id]);
        recordAudit(tx, viewer, {
          action: 'resolveUnmatchedAttendance',
          targetType: 'WebinarSession',
          targetId: `${session.seriesCode}#${session.number}`,
          institutionId: session.organizerId,
          summary: `Resolved ${rows.length} report rows of "${current.displayName}" to learner ${learner.nip}`,
        });
        return attendanceOf(tx).get({ session: session.id, learner: learner.id })!;
      }),
    );
  }

  private samePerson(tx: Db, row: UnmatchedAttendanceRow): UnmatchedAttendanceRow[] {
    const person = row.email ? eq(unmatchedAttendanceRows.email, row.email) : and(isNull(unmatchedAttendanceRows.email), eq(unmatchedAttendanceRows.displayName, row.displayName));
    return tx
      .select()
      .from(unmatchedAttendanceRows)
      .where(and(eq(unmatchedAttendanceRows.sessionId, row.sessionId), isNull(unmatchedAttendanceRows.resolvedLearnerId), or(eq(unmatchedAttendanceRows.id, row.id), person)))
      .all();
  }

  /** A session's attendance by learner name; the organiser's admins only. */
  listForSession(viewer: Viewer, session: SessionView, args: PageArgs): Page<AttendanceView> {
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
      count: () => this.db.read.select({ n: sql<number>`count(*)` }).from(sessionAttendance).where(where).get()!.n,
    });
  }

  /** A learner's attendances, latest session first: the learner themself, or admins of their institution. */
  listForLearner(viewer: Viewer, learner: { id: number; institutionId: number }, args: PageArgs): Page<AttendanceView> {
    this.learners.requireReadable(viewer, learner.id);
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
      count: () => this.db.read.select({ n: sql<number>`count(*)` }).from(sessionAttendance).where(where).get()!.n,
    });
  }

  /** Rows still waiting for a learner, in file order. */
  /** A session's report rows no learner matched, in file order; OPEN ones unless `status` says otherwise. */
  listUnmatched(viewer: Viewer, session: SessionView, args: PageArgs & { status?: UnmatchedRowStatusName | null }): Page<UnmatchedRowView> {
    policy.requireManage(viewer, session.organizerPath, 'Only the organiser’s admins may see this attendance');
    const where = and(eq(unmatchedAttendanceRows.sessionId, session.id), unmatchedStatusCondition(args.status ?? 'OPEN'));
    return paginate(args, {
      rows: (page) =>
        this.db.read
          .select()
          .from(unmatchedAttendanceRows)
          .where(and(where, page.after))
          .orderBy(...page.orderBy)
          .limit(page.limit)
          .all()
          .map((r) => ({ ...r, raw: JSON.parse(r.raw) as unknown, utcOffsetMinutes: session.utcOffsetMinutes })),
      order: [{ column: unmatchedAttendanceRows.id, direction: 'asc', value: (r) => r.id }],
      count: () => this.db.read.select({ n: sql<number>`count(*)` }).from(unmatchedAttendanceRows).where(where).get()!.n,
    });
  }
}

function unmatchedStatusCondition(status: UnmatchedRowStatusName): SQL | undefined {
  const { resolvedLearnerId, dismissedAt } = unmatchedAttendanceRows;
  if (status === 'RESOLVED') return isNotNull(resolvedLearnerId);
  return and(isNull(resolvedLearnerId), status === 'OPEN' ? isNull(dismissedAt) : isNotNull(dismissedAt));
}
