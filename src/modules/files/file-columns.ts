import { DateTime, FixedOffsetZone } from 'luxon';
import { asksForNip, mapColumns, type ColumnMap } from '../../core/header-map';

/** What a column of an admin's file means, in any of the three imports. */
export type FileColumn = 'nip' | 'email' | 'name' | 'employmentType' | 'positionCode' | 'score' | 'time';

/** One table for the learners, scores and presence-form files: Indonesian and English headers. */
export const FILE_HEADER_ALIASES: Readonly<Record<string, FileColumn>> = {
  'nip': 'nip',
  'nomor induk pegawai': 'nip',
  'nama': 'name',
  'name': 'name',
  'nama lengkap': 'name',
  'full name': 'name',
  'nama peserta': 'name',
  'participant name': 'name',
  'nama pegawai': 'name',
  'email': 'email',
  'e-mail': 'email',
  'surel': 'email',
  'alamat email': 'email',
  'alamat e-mail': 'email',
  'email address': 'email',
  'jenis pegawai': 'employmentType',
  'jenis kepegawaian': 'employmentType',
  'status kepegawaian': 'employmentType',
  'employment type': 'employmentType',
  'kode jabatan': 'positionCode',
  'position code': 'positionCode',
  'nilai': 'score',
  'nilai akhir': 'score',
  'skor': 'score',
  'score': 'score',
  'timestamp': 'time',
  'stempel waktu': 'time',
  'waktu': 'time',
  'waktu pengisian': 'time',
  'waktu kirim': 'time',
  'submitted at': 'time',
  'completion time': 'time',
  'time': 'time',
};

export const mapFileHeader = (header: readonly string[]): ColumnMap<FileColumn> =>
  mapColumns(header, FILE_HEADER_ALIASES, (h) => (asksForNip(h) ? 'nip' : undefined));

/** How many of `wanted` a header names: the delimiter that names most is the file's. */
export const headerScore = (wanted: readonly FileColumn[]) => (header: string[]) => {
  const map = mapFileHeader(header);
  return wanted.filter((c) => map[c] !== undefined).length;
};

export type Cell<T> = { value: T } | { problem: string };

/** A spreadsheet's number in exponent form: what Excel makes of an 18-digit NIP typed into a number cell. */
const EXPONENT = /^\d(?:[.,]\d+)?E\+?\d+$/i;

/** A NIP cell: digits, spaces between groups and Excel's text apostrophe tolerated; a stored number is refused. */
export function nipCell(text: string): Cell<string | null> {
  const t = text.trim().replace(/^'/, '').replace(/\s+/g, '');
  if (t === '') return { value: null };
  if (EXPONENT.test(t)) {
    return { problem: `NIP ${text.trim()} was stored as a number by a spreadsheet (15 significant digits): its last digits are lost; format the column as text and type the NIP again` };
  }
  return { value: t };
}

/** A score with a decimal point or comma (85.5, 85,5). */
export function numberCell(text: string, label: string): Cell<number> {
  const t = text.trim();
  if (!/^-?\d+(?:[.,]\d+)?$/.test(t)) return { problem: `${label} "${t}" is not a number` };
  return { value: Number(t.replace(',', '.')) };
}

const EMPLOYMENT_TYPES: Readonly<Record<string, 'PNS' | 'PPPK' | 'NON_ASN'>> = { PNS: 'PNS', PPPK: 'PPPK', NON_ASN: 'NON_ASN', NONASN: 'NON_ASN' };

export function employmentTypeCell(text: string): Cell<'PNS' | 'PPPK' | 'NON_ASN'> {
  const key = text.trim().toUpperCase().replace(/[\s-]+/g, '_');
  const type = EMPLOYMENT_TYPES[key];
  return type ? { value: type } : { problem: `Employment type "${text.trim()}" is none of PNS, PPPK, NON_ASN` };
}

const DAY_FIRST = ['d/M/yyyy H:mm:ss', 'd/M/yyyy H:mm', 'd-M-yyyy H:mm:ss', 'd-M-yyyy H:mm', 'd.M.yyyy H:mm:ss', 'd.M.yyyy H:mm'];

/** A form's time: day-first (12/08/2025 10:45:00) or ISO, a wall clock read in `offsetMinutes`; epoch ms. */
export function timeCell(text: string, offsetMinutes: number): Cell<number> {
  const t = text.trim();
  const zone = FixedOffsetZone.instance(offsetMinutes);
  const iso = DateTime.fromISO(t.replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T'), { zone });
  if (iso.isValid && /^\d{4}-\d{2}-\d{2}[T ]\d/.test(t)) return { value: iso.toMillis() };
  for (const format of DAY_FIRST) {
    const d = DateTime.fromFormat(t, format, { zone });
    if (d.isValid) return { value: d.toMillis() };
  }
  return { problem: t ? `Time "${t}" is neither day-first (12/08/2025 10:45:00) nor ISO` : 'The time is missing' };
}
