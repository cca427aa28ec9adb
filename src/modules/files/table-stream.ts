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
      // The zip writer does not wait for its reader; wait for the client here, once a page.
      await new Promise((resolve) => setImmediate(resolve));
      if (out.writableNeedDrain || out.destroyed) await drained(out);
    }
    sheet.commit();
    await workbook.commit();
  });
  return out;
}

/** Waits until the reader took what was written; throws when the stream was closed (the client left). */
async function drained(stream: Writable): Promise<void> {
  if (!stream.destroyed) await Promise.race([once(stream, 'drain'), once(stream, 'close')]);
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
