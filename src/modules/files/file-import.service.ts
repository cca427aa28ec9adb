import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { userError, type UserError } from '../../core/errors';
import { Problems } from '../../core/problems';
import { defineTask, type ReadPool } from '../../db/read-pool';
import type { AssessmentService } from '../assessments/assessment.service';
import type { InstitutionService } from '../institutions/institution.service';
import type { ImportLearnersOutcome, LearnerData, LearnerService } from '../learners/learner.service';
import type { AttendanceImportService, FormRow, ImportOutcome } from '../webinars/attendance-import.service';
import { employmentTypeCell, headerScore, mapFileHeader, nipCell, numberCell, timeCell, type Cell, type FileColumn } from './file-columns';
import { readTable, type FileFormat, type TableRow } from './table-file';

export interface FileInput {
  fileName: string;
  format: FileFormat;
  content: string;
}

/** A bad row of a file: its 1-based line, the column (as the service names it) and why. */
export interface FileProblem {
  line: number;
  field: string | null;
  message: string;
}

/** Either what was written, or nothing written and why: every bad row, and userErrors. */
export type FileOutcome<T> = { value: T | null; problems: FileProblem[]; userErrors: UserError[] };

/** Lines a FILE_REJECTED message names, for a client that reads userErrors only. */
const NAMED_LINES = 20;

function rejected<T>(problems: FileProblem[], userErrors: UserError[] = []): FileOutcome<T> {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  const lines = [...new Set(sorted.map((p) => p.line))];
  const named = lines.slice(0, NAMED_LINES).join(', ') + (lines.length > NAMED_LINES ? ', ...' : '');
  const message = `${lines.length} bad row${lines.length === 1 ? '' : 's'} (line${lines.length === 1 ? '' : 's'} ${named}); nothing was written`;
  return { value: null, problems: sorted, userErrors: sorted.length ? [userError(['content'], 'FILE_REJECTED', message), ...userErrors] : userErrors };
}

/** Columns each file must have, and those it may have. */
/** Score times carry no session offset (a cohort has none): they are read in WIB, as certificates are numbered. */
const WIB_MINUTES = 7 * 60;

const LEARNER_COLUMNS: FileColumn[] = ['nip', 'email', 'name', 'employmentType', 'positionCode'];
const SCORE_COLUMNS: FileColumn[] = ['nip', 'email', 'score', 'time'];
const FORM_COLUMNS: FileColumn[] = ['nip', 'email', 'name', 'time'];

type Row = { line: number; get: (c: FileColumn) => string; raw: () => Record<string, string> };

/**
 * Files as admins keep them (CSV or XLSX, Indonesian or English headers)
 * turned into the existing imports: learners (upsert by NIP or e-mail),
 * assessment scores, presence forms. All-or-nothing: a file with a bad row
 * writes nothing and lists every bad row by line. Rows are first read cell
 * by cell; only a file whose every cell reads goes to the service, whose own
 * refusals are mapped back to lines.
 */
export class FileImportService {
  constructor(
    private readonly institutions: InstitutionService,
    private readonly learners: LearnerService,
    private readonly assessments: AssessmentService,
    private readonly attendanceImports: AttendanceImportService,
    private readonly pool: ReadPool,
  ) {}

  async importLearners(viewer: Viewer, input: FileInput & { institutionCode: string }): Promise<FileOutcome<ImportLearnersOutcome>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const institution = policy.manageable(viewer, await this.institutions.findByCode(input.institutionCode), (i) => i.path, 'institution');
    if (!institution) return rejected([], [userError(['institutionCode'], 'NOT_FOUND', `No institution has code ${input.institutionCode}`)]);
    const read = await this.rows(input, LEARNER_COLUMNS, [['name'], ['nip', 'email'], ['employmentType']]);
    if ('outcome' in read) return read.outcome;
    const { problems } = read;
    const data: LearnerData[] = [];
    for (const row of read.rows) {
      const nip = take(problems, row, 'nip', nipCell(row.get('nip')));
      const employmentType = take(problems, row, 'employmentType', employmentTypeCell(row.get('employmentType')));
      data.push({ nip, email: row.get('email') || null, name: row.get('name'), employmentType: employmentType ?? 'PNS', positionCode: row.get('positionCode') || null });
    }
    if (problems.length) return rejected(problems);
    const result = await this.learners.importLearners(viewer, { institutionCode: institution.code, learners: data });
    return result.ok ? { value: result.value, problems: [], userErrors: [] } : this.mapErrors(result.errors, 'learners', read.rows);
  }

  async importScores(viewer: Viewer, input: FileInput & { assessmentId: number }): Promise<FileOutcome<number>> {
    const managed = await this.assessments.managedAssessment(viewer, input.assessmentId);
    if (!managed) return rejected([], [userError(['assessmentId'], 'NOT_FOUND', 'No such assessment')]);
    const read = await this.rows(input, SCORE_COLUMNS, [['nip', 'email'], ['score']]);
    if ('outcome' in read) return read.outcome;
    const { problems } = read;
    const entries = read.rows.map((row) => {
      const nip = take(problems, row, 'nip', nipCell(row.get('nip')));
      const score = take(problems, row, 'score', numberCell(row.get('score'), 'Score'));
      const sent = row.get('time') ? take(problems, row, 'submittedAt', timeCell(row.get('time'), WIB_MINUTES)) : null;
      return { nip, email: row.get('email') || null, score: score ?? 0, submittedAt: sent === null ? null : new Date(sent).toISOString() };
    });
    if (problems.length) return rejected(problems);
    const result = await this.assessments.recordScores(viewer, input.assessmentId, entries);
    return result.ok ? { value: result.value, problems: [], userErrors: [] } : this.mapErrors(result.errors, 'scores', read.rows);
  }

  async importForm(viewer: Viewer, input: FileInput & { sessionId: number }): Promise<FileOutcome<ImportOutcome>> {
    const session = await this.attendanceImports.managedSession(viewer, input.sessionId);
    if (!session) return rejected([], [userError(['sessionId'], 'NOT_FOUND', 'No such webinar session')]);
    if (session.cancelledAt) return rejected([], [userError(['sessionId'], 'INVALID', 'The session was cancelled; it takes no attendance')]);
    const read = await this.rows(input, FORM_COLUMNS, [['nip', 'email'], ['time']]);
    if ('outcome' in read) return read.outcome;
    const { problems } = read;
    const rows: FormRow[] = [];
    for (const row of read.rows) {
      const nip = take(problems, row, 'nip', nipCell(row.get('nip')));
      const sentAt = take(problems, row, 'time', timeCell(row.get('time'), session.utcOffsetMinutes));
      const email = row.get('email') ? take(problems, row, 'email', emailCell(row.get('email'))) : null;
      if (sentAt !== null) rows.push({ line: row.line, nip, email, name: row.get('name'), sentAt, raw: row.raw() });
    }
    if (problems.length) return rejected(problems);
    const outcome = await this.attendanceImports.importForm(viewer, session, { fileName: input.fileName, sha256: read.sha256, rows });
    return { value: outcome, problems: [], userErrors: [] };
  }

  /**
   * The file's data rows by column, or the outcome that refuses it: unreadable,
   * no header the import knows or a required column missing; and the rows
   * that lack a required cell (every group in `required` needs one non-empty
   * cell per row), as problems the caller adds its own to.
   */
  private async rows(
    input: FileInput,
    columns: FileColumn[],
    required: FileColumn[][],
  ): Promise<{ rows: Row[]; sha256: string; problems: FileProblem[] } | { outcome: FileOutcome<never> }> {
    const refuse = (code: 'UNREADABLE' | 'REQUIRED' | 'INVALID', message: string) => ({ outcome: rejected<never>([], [userError(['content'], code, message)]) });
    if (!input.fileName.trim() || input.fileName.length > 255) return { outcome: rejected([], [userError(['fileName'], 'INVALID', 'Give a file name of 1 to 255 characters')]) };
    const read = await this.pool.run(readTableTask, { format: input.format, content: input.content, columns });
    if (!read.ok) return refuse('UNREADABLE', read.message);
    const { header, rows, sha256 } = read.table;
    const map = mapFileHeader(header);
    const missing = required.filter((group) => group.every((c) => map[c] === undefined));
    if (missing.length) return refuse('REQUIRED', `The header lacks a column for ${missing.map((g) => g.join(' or ')).join(', ')} (found: ${header.join(', ')})`);
    if (rows.length === 0) return refuse('REQUIRED', 'The file has a header but no rows');
    const problems: FileProblem[] = [];
    const out = rows.map((r) => rowOf(r, header, map));
    for (const row of out) {
      for (const group of required) {
        if (group.every((c) => row.get(c) === '')) problems.push({ line: row.line, field: group[0], message: `The row has no ${group.join(' or ')}` });
      }
    }
    return { rows: out, sha256, problems };
  }

  /** A service's refusal: entries `[list, i, field]` become problems at row i's line; the rest stay userErrors. */
  private mapErrors<T>(errors: UserError[], list: string, rows: Row[]): FileOutcome<T> {
    const problems: FileProblem[] = [];
    const others: UserError[] = [];
    for (const e of errors) {
      const row = e.field[0] === list ? rows[Number(e.field[1])] : undefined;
      if (row) problems.push({ line: row.line, field: e.field[2] ?? null, message: e.message });
      else others.push(e);
    }
    return rejected(problems, others);
  }
}

function rowOf(r: TableRow, header: string[], map: ReturnType<typeof mapFileHeader>): Row {
  return {
    line: r.line,
    get: (c) => {
      const i = map[c];
      return i === undefined ? '' : (r.cells[i] ?? '').trim();
    },
    raw: () => Object.fromEntries(header.map((h, i) => [h.trim() || `column ${i + 1}`, r.cells[i] ?? ''])),
  };
}

/** A cell's value, or null with its problem noted at the row's line. */
function take<T>(problems: FileProblem[], row: { line: number }, field: string, cell: Cell<T>): T | null {
  if ('value' in cell) return cell.value;
  problems.push({ line: row.line, field, message: cell.problem });
  return null;
}

function emailCell(text: string): Cell<string> {
  const p = new Problems();
  const email = p.email(text, ['email']);
  return email === null ? { problem: p.list[0].message } : { value: email };
}

/** Reading a file (an XLSX above all) is the slow part of an import: the read pool does it; the rows are written here. */
const readTableTask = defineTask('files.readTable', (_: unknown, a: { format: FileFormat; content: string; columns: FileColumn[] }) =>
  readTable(a.format, a.content, headerScore(a.columns)),
);

/** What the read pool's workers run for this service. */
export const FILE_IMPORT_TASKS = [readTableTask];
