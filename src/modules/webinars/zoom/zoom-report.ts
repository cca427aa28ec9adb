import { parse } from 'csv-parse/sync';
import { linesSpanned } from '../../../core/csv-lines';
import { describeCharacter, firstUnsafeCharacter, stripUnsafeCharacters } from '../../../core/unsafe-characters';
import { wholeMinutes } from './interval-union';
import { DEFAULT_HEADER_ALIASES, isParticipantHeader, mapHeader, type HeaderMap, type ZoomColumn } from './zoom-headers';
import { parseZoomTime } from './zoom-time';

export type ZoomLayout = 'MEETING_PARTICIPANTS' | 'UNIQUE_USERS' | 'WEBINAR_ATTENDEES';

/** One participant row that is attendance evidence. */
export interface ZoomRow {
  /** Physical 1-based line in the file where the row starts. */
  line: number;
  name: string;
  /** Lower-case; null for guests without one. */
  email: string | null;
  /** 18 digits from a NIP registration column or the display name. */
  nip: string | null;
  /** Epoch ms; null in a "unique users" report, which has totals only. */
  joinedAt: number | null;
  leftAt: number | null;
  /** Minutes as the report states them, else the row's own length rounded up. */
  minutes: number;
  header: readonly string[];
  cells: readonly string[];
}

export interface RowProblem {
  line: number;
  message: string;
}

export interface ZoomReport {
  layout: ZoomLayout;
  delimiter: string;
  rows: ZoomRow[];
  /** Malformed participant rows. */
  invalid: RowProblem[];
  /** Well-formed participant rows that are not attendance (waiting room, Attended = No, hosts and panelists). */
  skipped: RowProblem[];
  /** Every participant row: rows + invalid + skipped. */
  rowsTotal: number;
}

export type ParseOutcome = { ok: true; report: ZoomReport } | { ok: false; message: string };

export interface ParseOptions {
  /** Offset of the session's start: Zoom's zone-less times are read in it. */
  utcOffsetMinutes: number;
  /** Session start (epoch ms), to tell day-first from month-first dates. */
  sessionStart: number;
  /** Extra header aliases, e.g. for a portal in another language. */
  aliases?: Readonly<Record<string, ZoomColumn>>;
}

const DELIMITERS = [',', ';', '\t'];
const NOT_ATTENDANCE_SECTIONS = /^(host|panelist)s? details$/i;
const SECTION_TITLE = /^(attendee report|report generated:?|(host|panelist|attendee)s? details|other attended)$/i;
const YES = /^(yes|ya|y|true|1|s[ií])$/i;
const NO = /^(no|tidak|n|false|0)$/i;
const NIP_IN_TEXT = /(?<!\d)(\d{18})(?!\d)/;
const WHOLE_NUMBER = /^\d+$/;

/** Headers are looked for in the first lines; the rows of a header found later are still read, only slower. */
const PROBE_LINES = 200;
const PROBE_CHARS = 64 * 1024;

interface Chunk {
  /** Physical line of the chunk's first record. */
  firstLine: number;
  records: string[][];
}

const baseOptions = { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false } as const;

/**
 * `csv` parsed with the first delimiter under which a participant header
 * appears. csv-parse builds an error object for every record whose length
 * differs from the first record's: behind a meeting block that cost ~20 us a
 * row. So each header found in the first lines starts a parse of its own,
 * whose rows are measured against it.
 */
function readRecords(csv: string, aliases: Readonly<Record<string, ZoomColumn>>): { chunks: Chunk[]; delimiter: string } | { error: string } {
  let lastError = 'No participant header (e.g. "Name (Original Name),User Email,Join Time,Leave Time") found';
  for (const delimiter of DELIMITERS) {
    try {
      const head = csv.slice(0, PROBE_CHARS);
      const probe: string[][] = parse(head, { ...baseOptions, delimiter, to_line: PROBE_LINES });
      const headers: { index: number; line: number }[] = [];
      let line = 1;
      probe.slice(0, -1).forEach((record, index) => {
        if (record.length > 1 && isParticipantHeader(mapHeader(record, aliases))) headers.push({ index, line });
        line += linesSpanned(record);
      });
      const whole = (): Chunk[] => [{ firstLine: 1, records: parse(csv, { ...baseOptions, delimiter }) }];
      if (headers.length === 0) {
        const chunks = whole();
        if (chunks[0].records.some((r) => r.length > 1 && isParticipantHeader(mapHeader(r, aliases)))) return { delimiter, chunks };
        continue;
      }
      const sections = headers.map((h, i) => sectionFrom(csv, head, delimiter, probe, h.index, headers[i + 1]?.index));
      if (sections.some((records) => records === null)) return { delimiter, chunks: whole() };
      return {
        delimiter,
        chunks: [
          { firstLine: 1, records: probe.slice(0, headers[0].index) },
          ...headers.map((h, i) => ({ firstLine: h.line, records: sections[i]! })),
        ],
      };
    } catch (e) {
      lastError = `The file is not readable as CSV: ${(e as Error).message}`;
    }
  }
  return { error: lastError };
}

/**
 * Records from the header at record `start` up to the one at `end`
 * (exclusive), parsed from the header on. csv-parse's `from_line` counts
 * quoted line breaks its own way, so nearby lines are tried on the first
 * lines alone until the records read from one agree with the probe (two
 * sections may share a header); null when none does.
 */
function sectionFrom(csv: string, head: string, delimiter: string, probe: string[][], start: number, end: number | undefined): string[][] | null {
  // The probe's last record may be cut short by the probe's own limits.
  const known = probe.slice(start, end ?? probe.length - 1).map((r) => JSON.stringify(r));
  const agrees = (records: string[][]) => records.every((r, i) => i >= known.length || JSON.stringify(r) === known[i]);
  const fromLine = [start + 1, start + 2, start, start + 3, start + 4].find((from) => {
    if (from < 1) return false;
    const first: string[][] = parse(head, { ...baseOptions, delimiter, from_line: from, to_line: from + 8 });
    return first.length > 0 && agrees(first.slice(0, -1).length ? first.slice(0, -1) : first);
  });
  if (fromLine === undefined) return null;
  const toLine = end === undefined ? -1 : fromLine + known.length + 4;
  const records: string[][] = parse(csv, { ...baseOptions, delimiter, from_line: fromLine, to_line: toLine });
  const section = end === undefined ? records : records.slice(0, known.length);
  return section.length >= known.length && agrees(section) ? section : null;
}

const isBlank = (record: readonly string[]) => record.every((c) => c.trim() === '');

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}


function layoutOf(map: HeaderMap, section: string | null): ZoomLayout {
  if (map.attended !== undefined || section !== null) return 'WEBINAR_ATTENDEES';
  return map.joinTime !== undefined ? 'MEETING_PARTICIPANTS' : 'UNIQUE_USERS';
}

/**
 * Reads a Zoom participant or attendee report in any layout Zoom has
 * exported: with or without the meeting block, Title Case or sentence case
 * headers, "unique users" totals, the sectioned webinar report, a BOM, CRLF,
 * `;` or tab delimiters. Pure: no database, no clock.
 */
export function parseZoomReport(csv: string, options: ParseOptions): ParseOutcome {
  const aliases = options.aliases ? { ...DEFAULT_HEADER_ALIASES, ...lowerKeys(options.aliases) } : DEFAULT_HEADER_ALIASES;
  const read = readRecords(csv, aliases);
  if ('error' in read) return { ok: false, message: read.error };

  const report: ZoomReport = { layout: 'MEETING_PARTICIPANTS', delimiter: read.delimiter, rows: [], invalid: [], skipped: [], rowsTotal: 0 };
  let layout: ZoomLayout | null = null;
  let header: string[] | null = null;
  let map: HeaderMap = {};
  let section: string | null = null;
  // Without quoted line breaks every record is one line, and counting them is not needed.
  const records = read.chunks.reduce((n, c) => n + c.records.length, 0);
  const multiline = countNewlines(csv) > records - (csv.endsWith('\n') ? 0 : 1);
  for (const chunk of read.chunks) {
    let line = chunk.firstLine;
    for (const record of chunk.records) {
      const at = line;
      line += multiline ? linesSpanned(record) : 1;
      readRecord(record, at);
    }
  }
  report.layout = layout ?? 'MEETING_PARTICIPANTS';
  return { ok: true, report };

  function readRecord(record: string[], at: number): void {
    if (isBlank(record)) return;
    const first = record[0].trim();
    if (SECTION_TITLE.test(first.replace(/,+$/, '')) && record.every((c, i) => i === 0 || c.trim() === '')) {
      section = first;
      header = null;
      return;
    }
    // A data row starts with a person, a header with a known column name.
    const candidate = record.length > 1 && (header === null || aliases[first.toLowerCase()]) ? mapHeader(record, aliases) : {};
    if (isParticipantHeader(candidate)) {
      header = record.map(stripUnsafeCharacters);
      map = candidate;
      layout ??= layoutOf(map, section);
      return;
    }
    if (header === null) return; // meeting or webinar summary block
    report.rowsTotal++;
    readRow(record, at, header, map, section, options, report);
  }
}

function lowerKeys(aliases: Readonly<Record<string, ZoomColumn>>): Record<string, ZoomColumn> {
  return Object.fromEntries(Object.entries(aliases).map(([k, v]) => [k.trim().replace(/\s+/g, ' ').toLowerCase(), v]));
}

/**
 * Display names are whatever people typed into Zoom: a control or
 * bidirectional character, or a line break, is dropped from them (and from
 * every other cell kept) rather than costing the row its attendance. An
 * e-mail with one is not one Zoom wrote, and matching it once cleaned could
 * credit someone else: that row alone is invalid.
 */
function readRow(
  record: string[],
  line: number,
  header: string[],
  map: HeaderMap,
  section: string | null,
  options: ParseOptions,
  report: ZoomReport,
): void {
  const cells = record.map(stripUnsafeCharacters);
  const cell = (c: ZoomColumn) => {
    const i = map[c];
    const v = i === undefined ? '' : (cells[i] ?? '').trim();
    return v === '--' ? '' : v;
  };
  const skip = (message: string) => void report.skipped.push({ line, message });
  const invalid = (message: string) => void report.invalid.push({ line, message });

  if (section !== null && NOT_ATTENDANCE_SECTIONS.test(section)) return skip(`${section}: hosts and panelists are not attendance`);
  if (map.attended !== undefined && NO.test(cell('attended'))) return skip('Attended = No');
  if (map.waitingRoom !== undefined && YES.test(cell('waitingRoom'))) return skip('In the waiting room');

  const unsafeEmail = map.email === undefined ? null : firstUnsafeCharacter((record[map.email] ?? '').trim());
  if (unsafeEmail !== null) return invalid(`The e-mail contains ${describeCharacter(unsafeEmail)}`);
  const name = cell('name') || `${cell('firstName')} ${cell('lastName')}`.trim();
  const email = cell('email').toLowerCase() || null;
  if (!name && !email) return invalid('The row has neither a name nor an e-mail');
  const nipCell = cell('nip').replace(/[\s.-]/g, '');
  const nip = /^\d{18}$/.test(nipCell) ? nipCell : (NIP_IN_TEXT.exec(name)?.[1] ?? null);
  const stated = cell(map.duration !== undefined ? 'duration' : 'totalDuration');

  if (map.joinTime === undefined || map.leaveTime === undefined) {
    if (!WHOLE_NUMBER.test(stated)) return invalid(`Total duration "${stated}" is not a whole number of minutes`);
    report.rows.push({ line, name, email, nip, joinedAt: null, leftAt: null, minutes: Number(stated), header, cells });
    return;
  }
  const joinText = cell('joinTime');
  const leaveText = cell('leaveTime');
  const joinedAt = joinText ? parseZoomTime(joinText, options.utcOffsetMinutes, options.sessionStart) : null;
  if (joinedAt === null) return invalid(joinText ? `Join time "${joinText}" is not a date and time` : 'Join time is missing');
  const leftAt = leaveText ? parseZoomTime(leaveText, options.utcOffsetMinutes, joinedAt) : null;
  if (leftAt === null) return invalid(leaveText ? `Leave time "${leaveText}" is not a date and time` : 'Leave time is missing');
  if (leftAt < joinedAt) return invalid(`Leave time ${leaveText} is before join time ${joinText}`);
  const minutes = WHOLE_NUMBER.test(stated) ? Number(stated) : wholeMinutes(leftAt - joinedAt);
  report.rows.push({ line, name, email, nip, joinedAt, leftAt, minutes, header, cells });
}
