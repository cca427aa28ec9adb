import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { linesSpanned } from '../../core/csv-lines';
import { zipUncompressedBytes } from './zip-size';

export type FileFormat = 'CSV' | 'XLSX';

/** One data row of a file, with the 1-based line (CSV) or row number (XLSX) it starts on. */
export interface TableRow {
  line: number;
  cells: string[];
}

export interface Table {
  header: string[];
  rows: TableRow[];
  /** SHA-256 of the file's bytes (the decoded XLSX, the CSV as UTF-8), hex. */
  sha256: string;
}

export type ReadTable = { ok: true; table: Table } | { ok: false; message: string };

/** Rows one file may hold: what the services take per call. */
export const MAX_FILE_ROWS = 50_000;
/** 50,000 rows of a few dozen cells inflate to well under this; a zip bomb does not. */
export const MAX_XLSX_INFLATED_BYTES = 256 * 1024 * 1024;

const DELIMITERS = [',', ';', '\t'];
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/**
 * A CSV or XLSX file as a header and rows with line numbers. The header is the
 * first non-blank row; `score` rates a header candidate (how many columns it
 * names), and the CSV delimiter is the one whose header scores best.
 */
export async function readTable(format: FileFormat, content: string, score: (header: string[]) => number): Promise<ReadTable> {
  if (format === 'XLSX') {
    if (!BASE64.test(content)) return { ok: false, message: 'XLSX content must be base64' };
    return readXlsx(Buffer.from(content, 'base64'));
  }
  return readCsv(content, score);
}

function readCsv(text: string, score: (header: string[]) => number): ReadTable {
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  let best: { delimiter: string; score: number } | null = null;
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  for (const delimiter of DELIMITERS) {
    let cells: string[];
    try {
      cells = (parse(firstLine, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][])[0] ?? [];
    } catch {
      continue;
    }
    const s = score(cells);
    if (s > 0 && (best === null || s > best.score)) best = { delimiter, score: s };
  }
  if (best === null) return { ok: false, message: 'The first line is no header this import knows (e.g. NIP, Nama, Email)' };
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter: best.delimiter, relax_column_count: true, skip_empty_lines: false });
  } catch (e) {
    return { ok: false, message: `The file is not readable as CSV: ${(e as Error).message}` };
  }
  const rows: TableRow[] = [];
  let line = 1;
  for (const record of records) {
    if (!isBlank(record)) rows.push({ line, cells: record });
    line += linesSpanned(record);
  }
  const [header, ...data] = rows;
  return tableOf(header, data, sha256);
}

async function readXlsx(bytes: Buffer): Promise<ReadTable> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const inflated = zipUncompressedBytes(bytes);
  if (inflated === null) return { ok: false, message: 'The content is no XLSX workbook' };
  if (inflated > MAX_XLSX_INFLATED_BYTES) {
    return { ok: false, message: `The workbook expands to ${Math.ceil(inflated / 1048576)} MB; at most ${MAX_XLSX_INFLATED_BYTES / 1048576} MB is read` };
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, message: 'The content is no XLSX workbook' };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, message: 'The workbook has no sheet' };
  const rows: TableRow[] = [];
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (rows.length > MAX_FILE_ROWS) {
      tooMany = true;
      return;
    }
    const values = row.values as ExcelJS.CellValue[];
    const cells = Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellText(values[i + 1]));
    if (!isBlank(cells)) rows.push({ line: number, cells });
  });
  if (tooMany) return { ok: false, message: `The sheet has more than ${MAX_FILE_ROWS} rows` };
  const [header, ...data] = rows;
  return tableOf(header, data, sha256);
}

function tableOf(header: TableRow | undefined, rows: TableRow[], sha256: string): ReadTable {
  if (!header) return { ok: false, message: 'The file is empty' };
  if (rows.length > MAX_FILE_ROWS) return { ok: false, message: `The file has ${rows.length} rows; at most ${MAX_FILE_ROWS} are accepted` };
  return { ok: true, table: { header: header.cells, rows, sha256 } };
}

/**
 * A cell as text. A number past 2^53 cannot be exact, so it is written as the
 * spreadsheet shows it (1.98501012010011E+17), never as digits that look like
 * a NIP. A date cell is its wall clock (`2025-08-12T10:45:00`), read later in
 * the session's offset.
 */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value) ? value.toExponential().toUpperCase() : String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 19);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result);
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
  if ('error' in value) return '';
  return '';
}
