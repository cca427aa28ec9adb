import { DateTime, FixedOffsetZone } from 'luxon';

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

// 10/24/2024 9:05:00 AM, 10/24/2024 09:05, 24/10/2024 09:05:00 (day first after an Excel re-save)
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/;
// Oct 24, 2024 09:05:00 (webinar reports), optionally with AM/PM
const NAMED = /^([A-Za-z]{3})[A-Za-z]*\.? (\d{1,2}),? (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/;
// 2024-10-24 09:05:00, 2024-10-24T09:05:00.000+07:00
const ISO = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** Other shapes spreadsheets write; read with luxon (slower, but rare). */
const FALLBACK_FORMATS = ['d.M.yyyy H:mm:ss', 'd.M.yyyy H:mm', 'd-M-yyyy H:mm:ss', 'd-M-yyyy H:mm', 'd MMM yyyy H:mm:ss', 'd MMM yyyy H:mm', 'yyyy/M/d H:mm:ss', 'yyyy/M/d H:mm'];

/** Epoch ms of a wall-clock time in a fixed offset, or NaN when the fields are no real time. */
function wallClock(offsetMinutes: number, y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, s) - offsetMinutes * 60_000;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (y: number, mo: number) => (mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : DAYS[mo - 1]);

function hour12(h: number, meridiem: string | undefined): number {
  if (meridiem === undefined) return h;
  if (h < 1 || h > 12) return NaN;
  return (h % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
}

/**
 * Reads a time as Zoom (or a spreadsheet re-save) writes it. Zoom writes no
 * zone: the wall clock is read in `offsetMinutes` (the session's offset); an
 * ISO time with its own offset keeps it. When day and month could be either
 * way round, the reading nearest `near` (the session start) wins.
 * Returns epoch ms, or null when the text is no time.
 *
 * Hand-written for the common shapes because luxon's `fromFormat` alone costs
 * more per row than the whole import may; luxon reads the rare shapes and is
 * the oracle the property tests compare against.
 */
export function parseZoomTime(text: string, offsetMinutes: number, near: number): number | null {
  const s = text.trim();
  let m = SLASHED.exec(s);
  if (m) {
    const a = +m[1], b = +m[2], y = +m[3], h = hour12(+m[4], m[7]), mi = +m[5], sec = m[6] ? +m[6] : 0;
    const us = wallClock(offsetMinutes, y, a, b, h, mi, sec);
    const dayFirst = m[7] ? NaN : wallClock(offsetMinutes, y, b, a, h, mi, sec);
    if (Number.isNaN(us)) return Number.isNaN(dayFirst) ? null : dayFirst;
    if (Number.isNaN(dayFirst) || a === b) return us;
    return Math.abs(dayFirst - near) < Math.abs(us - near) ? dayFirst : us;
  }
  m = NAMED.exec(s);
  if (m) {
    const month = MONTHS[m[1].toLowerCase()];
    const t = month ? wallClock(offsetMinutes, +m[3], month, +m[2], hour12(+m[4], m[7]), +m[5], m[6] ? +m[6] : 0) : NaN;
    return Number.isNaN(t) ? null : t;
  }
  m = ISO.exec(s);
  if (m) {
    const offset = m[7] === undefined ? offsetMinutes : parseOffset(m[7]);
    const t = wallClock(offset, +m[1], +m[2], +m[3], +m[4], +m[5], m[6] ? +m[6] : 0);
    return Number.isNaN(t) ? null : t;
  }
  return parseWithLuxon(s, offsetMinutes);
}

function parseOffset(z: string): number {
  if (z === 'Z') return 0;
  const digits = z.slice(1).replace(':', '');
  const minutes = +digits.slice(0, 2) * 60 + +digits.slice(2);
  return z[0] === '-' ? -minutes : minutes;
}

function parseWithLuxon(s: string, offsetMinutes: number): number | null {
  if (!/\d/.test(s)) return null;
  const zone = FixedOffsetZone.instance(offsetMinutes);
  for (const format of FALLBACK_FORMATS) {
    const t = DateTime.fromFormat(s, format, { zone, locale: 'en-US' });
    if (t.isValid) return t.toMillis();
  }
  return null;
}

/** ISO-8601 text of an instant in a fixed offset, e.g. `2024-10-24T09:00:00+07:00`. */
export function formatInOffset(ms: number, offsetMinutes: number): string {
  return DateTime.fromMillis(ms, { zone: FixedOffsetZone.instance(offsetMinutes) }).toISO({ suppressMilliseconds: true })!;
}
