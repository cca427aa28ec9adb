import { once } from 'node:events';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

export type ExportFormat = 'csv' | 'xlsx';
export type ExportCell = string | number | boolean | null;

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** What a spreadsheet would run as a formula (OWASP's list: =, +, -, @, and tab and carriage return that hide them). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell no spreadsheet runs: one that starts like a formula gets a leading apostrophe. */
export const escapeFormula = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

const safe = (cell: ExportCell): ExportCell => (typeof cell === 'string' ? escapeFormula(cell) : cell);

/**
 * A table written as it is read: `rows` yields pages (arrays of rows), each
 * written before the next is asked for, and the next waits while the
 * client's side of the stream is full, so memory holds about one page
 * whatever the table's length.
 */
export function tableStream(format: ExportFormat, sheet: string, header: string[], rows: AsyncIterable<ExportCell[][]>): Readable {
  return format === 'csv' ? csvStream(header, rows) : xlsxStream(sheet, header, rows);
}

function csvStream(header: string[], pages: AsyncIterable<ExportCell[][]>): Readable {
  const csv = stringify({ bom: true, cast: { boolean: (b) => (b ? 'true' : 'false') } });
  void pump(csv, async () => {
    csv.write(header.map(escapeFormula));
    for await (const page of pages) {
      for (const row of page) if (!csv.write(row.map(safe))) await drained(csv);
    }
    csv.end();
  });
  return csv;
}

function xlsxStream(sheetName: string, header: string[], pages: AsyncIterable<ExportCell[][]>): Readable {
  const out = new PassThrough();
  void pump(out, async () => {
    // Inline strings and no styles: shared strings would keep every distinct text in memory until the end.
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
    const sheet = workbook.addWorksheet(sheetName);
    sheet.addRow(header.map(escapeFormula)).commit();
    for await (const page of pages) {
      for (const row of page) sheet.addRow(row.map(safe)).commit();
      await sheetCaughtUp(sheet);
      if (out.writableNeedDrain || out.destroyed) await drained(out);
    }
    sheet.commit();
    await workbook.commit();
  });
  return out;
}

/** Sheet XML held before the zip has compressed it: past this, the next page waits. */
const MAX_PENDING_SHEET_BYTES = 1024 * 1024;

interface SheetStreamInternals {
  buffers?: unknown[];
  bufSize?: number;
  /** The zip entry's PassThrough (readable-stream 2, which has no `writableLength`). */
  pipes?: { _writableState?: { length?: number } }[];
}

/**
 * exceljs hands committed rows to the zip without waiting for it (its
 * StreamBuf keeps them until the zip reaches the sheet, then writes into the
 * compressor without backpressure), so a fast producer would hold the whole
 * sheet's XML. Waits until what is held, in the StreamBuf and in the
 * compressor's queue, is under a megabyte. Reads exceljs 4.4 internals;
 * were they to change, `pending` reads 0 and the export still works, only
 * without this bound (test/modules/files and the exportMemory bench show it).
 */
async function sheetCaughtUp(sheet: ExcelJS.Worksheet): Promise<void> {
  const stream = (sheet as unknown as { stream?: SheetStreamInternals }).stream;
  const pending = () => (stream?.buffers?.length ?? 0) * (stream?.bufSize ?? 0) + (stream?.pipes?.[0]?._writableState?.length ?? 0);
  await new Promise((resolve) => setImmediate(resolve));
  while (pending() > MAX_PENDING_SHEET_BYTES) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** Waits until the reader took what was written; throws when the stream was closed (the client left). */
async function drained(stream: Writable): Promise<void> {
  if (!stream.destroyed) {
    const done = new AbortController();
    // Whichever comes first, the other listener goes: a long export must not pile them up.
    await Promise.race([once(stream, 'drain', { signal: done.signal }), once(stream, 'close', { signal: done.signal })]).finally(() => done.abort());
  }
  if (stream.destroyed) throw new Error('The export stream was closed');
}

/** Runs the writer; a failure (or a client gone) ends the stream with the error instead of an unhandled rejection. */
async function pump(stream: Writable & Readable, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (e) {
    stream.destroy(e as Error);
  }
}
