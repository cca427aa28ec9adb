import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import type { Database, Db } from '../../db/database';
import { defineTask, type ReadPool } from '../../db/read-pool';
import { attendanceImports, type AttendanceImportRow } from '../../db/schema';
import { statement } from '../../db/statement';
import { fail, ok, userError, type Result } from '../../core/errors';
import { Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import { recomputeAttendance } from './attendance.writer';
import { LearnerMatch, type LearnerReference } from '../learners/learner-matcher';
import { evidenceReach } from './registration.service';
import type { WebinarService } from './webinar.service';
import type { SessionView } from './webinar.model';
import { formatInOffset } from './zoom/zoom-time';
import { parseZoomReport, type ParseOptions, type RowProblem, type ZoomReport, type ZoomRow } from './zoom/zoom-report';

/** Zoom reports of a 20 MB export must go through; the request body limit is 25 MB. */
export const MAX_REPORT_BYTES = 24 * 1024 * 1024;
export const MAX_REPORT_ROWS = 250_000;
/** Row problems kept per import; the counts stay exact. */
export const MAX_LISTED_PROBLEMS = 1000;

export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
}

export interface ImportZoomAttendance {
  sessionId: number;
  fileName: string;
  csv: string;
}

/** Form rows sent this long after the session's end still count. */
export const FORM_GRACE_MS = 2 * 60 * 60_000;
export const FORM_LAYOUT = 'ATTENDANCE_FORM';

/** One presence-form row as the files module read it. */
export interface FormRow {
  line: number;
  nip: string | null;
  email: string | null;
  name: string;
  /** Epoch ms. */
  sentAt: number;
  /** The row's cells by header, kept for an unmatched row. */
  raw: Record<string, string>;
}

export interface ImportAttendanceForm {
  fileName: string;
  sha256: string;
  rows: FormRow[];
}

export interface ImportOutcome extends Omit<AttendanceImportRow, 'errors' | 'sessionId'> {
  duplicate: boolean;
  errors: RowProblem[];
  skipped: RowProblem[];
}

const insertInterval = statement<
  [importId: number, sessionId: number, learnerId: number, line: number, joinedAt: number | null, leftAt: number | null, minutes: number]
>('INSERT INTO zoom_intervals (import_id, session_id, learner_id, line, joined_at, left_at, minutes) VALUES (?, ?, ?, ?, ?, ?, ?)');
const insertFormRecord = statement<[sessionId: number, learnerId: number, minutes: number, joinedAt: number | null, recordedBy: string]>(
  "INSERT INTO attendance_records (session_id, learner_id, source, minutes, joined_at, recorded_by) VALUES (?, ?, 'FORM', ?, ?, ?)",
);
const insertUnmatched = statement<
  [
    importId: number,
    sessionId: number,
    line: number,
    displayName: string,
    email: string | null,
    nip: string | null,
    joinedAt: number | null,
    leftAt: number | null,
    minutes: number,
    raw: string,
  ]
>(
  `INSERT INTO unmatched_attendance_rows (import_id, session_id, line, display_name, email, nip, joined_at, left_at, minutes, raw)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);

export function outcomeOf(row: AttendanceImportRow, duplicate: boolean): ImportOutcome {
  const { errors, sessionId: _session, ...rest } = row;
  const problems = JSON.parse(errors) as { invalid: RowProblem[]; skipped: RowProblem[] };
  return { ...rest, duplicate, errors: problems.invalid, skipped: problems.skipped };
}

function rawOf(row: ZoomRow): string {
  const raw: Record<string, string> = {};
  row.cells.forEach((cell, i) => {
    const key = row.header[i]?.trim() || `column ${i + 1}`;
    if (!(key in raw)) raw[key] = cell;
  });
  return JSON.stringify(raw);
}

/** Imports Zoom participant reports: parse outside the writer, then one all-or-nothing transaction. */
export class AttendanceImportService {
  constructor(
    private readonly db: Database,
    private readonly webinars: WebinarService,
    private readonly pool: ReadPool,
    private readonly limits: ImportLimits = { maxBytes: MAX_REPORT_BYTES, maxRows: MAX_REPORT_ROWS },
  ) {}

  /** The session an import names, if the viewer manages it; null (a userError for the caller) when a SUPERADMIN names none. */
  async managedSession(viewer: Viewer, sessionId: number): Promise<SessionView | null> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    return policy.manageable(viewer, await this.webinars.findSession(sessionId), (s) => s.organizerPath, 'webinar session');
  }

  async importZoom(viewer: Viewer, input: ImportZoomAttendance): Promise<Result<ImportOutcome>> {
    const open = await this.webinars.openSession(viewer, input.sessionId);
    if (!open.ok) return open;
    const session = open.value;
    const p = new Problems();
    const fileName = p.text(input.fileName, ['fileName'], 'File name', 255);
    const bytes = Buffer.byteLength(input.csv, 'utf8');
    if (bytes > this.limits.maxBytes) {
      p.add(['csv'], 'TOO_LARGE', `The report is ${(bytes / 1048576).toFixed(1)} MB; at most ${(this.limits.maxBytes / 1048576).toFixed(1)} MB is accepted`);
    }
    if (p.any || !fileName) return fail(...p.list);

    const sha256 = createHash('sha256').update(input.csv, 'utf8').digest('hex');
    const earlier = await this.findImport(this.db.read, session.id, sha256);
    if (earlier) return ok(outcomeOf(earlier, true));

    const parsed = await this.pool.run(parseZoomTask, { csv: input.csv, options: { utcOffsetMinutes: session.utcOffsetMinutes, sessionStart: session.startsAt.getTime() } });
    if (!parsed.ok) return fail(userError(['csv'], 'UNREADABLE', `Not a Zoom participant report: ${parsed.message}`));
    const report = parsed.report;
    if (report.rowsTotal > this.limits.maxRows) {
      return fail(userError(['csv'], 'TOO_LARGE', `The report has ${report.rowsTotal} participant rows; at most ${this.limits.maxRows} are accepted`));
    }
    if (report.rowsTotal > 0 && report.invalid.length === report.rowsTotal) {
      return fail(
        userError(['csv'], 'UNREADABLE', `No participant row of the report could be read (${report.rowsTotal} malformed)`),
        ...report.invalid.slice(0, 10).map((e) => userError(['csv'], 'MALFORMED_ROW', `Line ${e.line}: ${e.message}`)),
      );
    }

    return ok(
      await this.db.write(async (tx) => {
        const again = await this.findImport(tx, session.id, sha256);
        if (again) return outcomeOf(again, true);
        const row = await this.store(tx, viewer, session, fileName, sha256, report);
        return outcomeOf(row, false);
      }),
    );
  }

  /**
   * A presence form already read (see the files module): a row sent within
   * [startsAt, endsAt + 2 h] counts as the session's scheduled minutes
   * (FORM), a row sent outside it is skipped, a row naming nobody this
   * organiser may record evidence for waits as an unmatched row. The same
   * file again (SHA-256) changes nothing.
   */
  async importForm(viewer: Viewer, session: SessionView, input: ImportAttendanceForm): Promise<ImportOutcome> {
    const earlier = await this.findImport(this.db.read, session.id, input.sha256);
    if (earlier) return outcomeOf(earlier, true);
    const opens = session.startsAt.getTime();
    const closes = session.endsAt.getTime() + FORM_GRACE_MS;
    const minutes = Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000);
    const inWindow = input.rows.filter((r) => r.sentAt >= opens && r.sentAt <= closes);
    const skipped = input.rows
      .filter((r) => r.sentAt < opens || r.sentAt > closes)
      .map((r) => ({ line: r.line, message: `Sent at ${formatInOffset(r.sentAt, session.utcOffsetMinutes)}, outside the session and the 2 hours after it` }));
    return this.db.write(async (tx) => {
      const again = await this.findImport(tx, session.id, input.sha256);
      if (again) return outcomeOf(again, true);
      const learnerIds = await this.matchLearners(tx, viewer, session.id, inWindow);
      const matched = learnerIds.filter((l) => l !== null).length;
      const imported = await tx
        .insert(attendanceImports)
        .values({
          sessionId: session.id,
          fileName: input.fileName,
          sha256: input.sha256,
          layout: FORM_LAYOUT,
          rowsTotal: input.rows.length,
          rowsMatched: matched,
          rowsUnmatched: inWindow.length - matched,
          rowsInvalid: 0,
          rowsSkipped: skipped.length,
          errors: JSON.stringify({ invalid: [], skipped: skipped.slice(0, MAX_LISTED_PROBLEMS) }),
          importedBy: viewer.tokenName,
        })
        .returning()
        .get();
      const records = insertFormRecord(tx);
      const unmatched = insertUnmatched(tx);
      for (const [i, r] of inWindow.entries()) {
        const learnerId = learnerIds[i];
        if (learnerId !== null) await records.run(session.id, learnerId, minutes, null, viewer.tokenName);
        else await unmatched.run(imported.id, session.id, r.line, r.name || r.email || r.nip || '', r.email, r.nip, r.sentAt, null, minutes, JSON.stringify(r.raw));
      }
      await recomputeAttendance(tx, session.id, learnerIds.filter((l): l is number => l !== null));
      await recordAudit(tx, viewer, {
        action: 'importAttendanceForm',
        targetType: 'WebinarSession',
        targetId: `${session.seriesCode}#${session.number}`,
        institutionId: session.organizerId,
        summary: `Imported form ${input.fileName}: ${input.rows.length} rows, ${matched} matched, ${inWindow.length - matched} unmatched, ${skipped.length} outside the window`,
      });
      return outcomeOf(imported, false);
    });
  }

  private async findImport(db: Db, sessionId: number, sha256: string): Promise<AttendanceImportRow | undefined> {
    return db
      .select()
      .from(attendanceImports)
      .where(and(eq(attendanceImports.sessionId, sessionId), eq(attendanceImports.sha256, sha256)))
      .get();
  }

  private async store(tx: Db, viewer: Viewer, session: SessionView, fileName: string, sha256: string, report: ZoomReport): Promise<AttendanceImportRow> {
    const learnerIds = await this.matchLearners(tx, viewer, session.id, report.rows);
    const matched = report.rows.filter((_, i) => learnerIds[i] !== null).length;
    const imported = await tx
      .insert(attendanceImports)
      .values({
        sessionId: session.id,
        fileName,
        sha256,
        layout: report.layout,
        rowsTotal: report.rowsTotal,
        rowsMatched: matched,
        rowsUnmatched: report.rows.length - matched,
        rowsInvalid: report.invalid.length,
        rowsSkipped: report.skipped.length,
        errors: JSON.stringify({
          invalid: report.invalid.slice(0, MAX_LISTED_PROBLEMS),
          skipped: report.skipped.slice(0, MAX_LISTED_PROBLEMS),
        }),
        importedBy: viewer.tokenName,
      })
      .returning()
      .get();
    const intervals = insertInterval(tx);
    const unmatched = insertUnmatched(tx);
    for (const [i, r] of report.rows.entries()) {
      const learnerId = learnerIds[i];
      if (learnerId !== null) await intervals.run(imported.id, session.id, learnerId, r.line, r.joinedAt, r.leftAt, r.minutes);
      else await unmatched.run(imported.id, session.id, r.line, r.name, r.email, r.nip, r.joinedAt, r.leftAt, r.minutes, rawOf(r));
    }
    await recomputeAttendance(tx, session.id, learnerIds.filter((l): l is number => l !== null));
    await recordAudit(tx, viewer, {
      action: 'importZoomAttendance',
      targetType: 'WebinarSession',
      targetId: `${session.seriesCode}#${session.number}`,
      institutionId: session.organizerId,
      summary: `Imported ${fileName} (${report.layout}): ${report.rowsTotal} rows, ${matched} matched, ${report.rows.length - matched} unmatched, ${report.invalid.length} invalid, ${report.skipped.length} skipped`,
    });
    return imported;
  }

  /**
   * Learner id per row: by e-mail (case-insensitive), else by NIP; null when
   * neither matches a learner this organiser may record evidence for (the row
   * then waits, unmatched, for an admin).
   */
  private async matchLearners(tx: Db, viewer: Viewer, sessionId: number, rows: readonly LearnerReference[]): Promise<(number | null)[]> {
    const found = await LearnerMatch.find(tx, rows);
    const reachable = await evidenceReach(tx, viewer, sessionId)(found.all());
    return rows.map((r) => {
      const learner = found.byEmailThenNip(r);
      return learner && reachable(learner) ? learner.id : null;
    });
  }
}

/** Parsing a report of 100,000 rows takes a noticeable time: the read pool does it. */
const parseZoomTask = defineTask('zoom.parse', (_: unknown, a: { csv: string; options: ParseOptions }) => parseZoomReport(a.csv, a.options));

/** What the read pool's workers run for this service. */
export const ATTENDANCE_IMPORT_TASKS = [parseZoomTask];
