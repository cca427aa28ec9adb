import { describe, expect, it } from 'vitest';
import { nameKeys } from '../../../src/modules/webinars/zoom/name-match';
import { parseZoomReport, type ZoomReport } from '../../../src/modules/webinars/zoom/zoom-report';
import { at, SESSION_41, WIB, zoomFixture } from './fixtures';

const options = { utcOffsetMinutes: WIB, sessionStart: at(SESSION_41.startsAt) };

function report(name: string, extra = {}): ZoomReport {
  const outcome = parseZoomReport(zoomFixture(name), { ...options, ...extra });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.report;
}

const brief = (r: ZoomReport) =>
  r.rows.map((row) => ({ line: row.line, name: row.name, email: row.email, nip: row.nip, joinedAt: row.joinedAt, leftAt: row.leftAt, minutes: row.minutes }));

describe('parseZoomReport', () => {
  it('reads the older Title Case layout with its meeting block, trailing commas, CRLF and unpadded 12-hour times', () => {
    const r = report('meeting-older.csv');
    expect(r.layout).toBe('MEETING_PARTICIPANTS');
    expect(r.rowsTotal).toBe(7);
    expect(brief(r)[1]).toEqual({
      line: 6,
      name: 'Santoso, Budi',
      email: 'budi.santoso@jatimprov.go.id',
      nip: null,
      joinedAt: at('2024-10-24T09:00:00+07:00'),
      leftAt: at('2024-10-24T09:30:00+07:00'),
      minutes: 30,
    });
    expect(brief(r)[3]).toMatchObject({ line: 8, name: 'Siti Aminah_199002152015032002', email: null, nip: '199002152015032002' });
    expect(r.invalid).toEqual([{ line: 11, message: 'Join time "not a time" is not a date and time' }]);
    expect(r.rows.length + r.invalid.length + r.skipped.length).toBe(r.rowsTotal);
  });

  it('reads the newer sentence-case layout with a BOM, quoted dates, and leaves waiting-room rows out', () => {
    const r = report('meeting-newer.csv');
    expect(r.layout).toBe('MEETING_PARTICIPANTS');
    expect(r.rowsTotal).toBe(4);
    expect(r.skipped).toEqual([{ line: 5, message: 'In the waiting room' }]);
    expect(brief(r).map((x) => [x.line, x.name, x.minutes])).toEqual([
      [6, 'Agus Salim', 120],
      [7, 'Rina Wulandari, S.Sos (Dinsos)', 61],
      [8, 'Pak Guest', 30],
    ]);
    expect(r.rows[0].joinedAt).toBe(at('2024-10-24T08:58:00+07:00'));
  });

  it('reads a file without a meeting block, with ISO times in the session offset', () => {
    const r = report('no-block-iso.csv');
    expect(brief(r).map((x) => [x.line, x.email, x.joinedAt, x.leftAt])).toEqual([
      [2, 'budi.santoso@jatimprov.go.id', at('2024-10-24T10:00:00+07:00'), at('2024-10-24T10:50:00+07:00')],
      [3, 'siti.aminah@probolinggokab.go.id', at('2024-10-24T10:30:00+07:00'), at('2024-10-24T11:00:00+07:00')],
    ]);
  });

  it('reads times in the offset it is given (WITA)', () => {
    const r = report('no-block-iso.csv', { utcOffsetMinutes: 8 * 60 });
    expect(r.rows[0].joinedAt).toBe(at('2024-10-24T10:00:00+08:00'));
  });

  it('reads "unique users" totals without intervals', () => {
    const r = report('unique-users.csv');
    expect(r.layout).toBe('UNIQUE_USERS');
    expect(brief(r).map((x) => [x.name, x.joinedAt, x.minutes])).toEqual([
      ['Budi Santoso', null, 95],
      ['Agus Salim', null, 120],
      ['Unknown Viewer', null, 12],
    ]);
  });

  it('reads the sectioned webinar attendee report: attendees only, NIP from the registration column', () => {
    const r = report('webinar-attendee.csv');
    expect(r.layout).toBe('WEBINAR_ATTENDEES');
    expect(r.rowsTotal).toBe(6);
    expect(brief(r).map((x) => [x.line, x.name, x.email, x.nip, x.minutes])).toEqual([
      [16, 'Agus S', 'agus.salim@jatimprov.go.id', '198712312012121003', 60],
      [17, 'Budi', 'budi@gmail.com', '198501012010011001', 75],
    ]);
    expect(r.rows[1].joinedAt).toBe(at('2024-10-24T09:30:00+07:00'));
    expect(r.skipped.map((s) => s.line)).toEqual([8, 12, 18]);
    expect(r.invalid).toEqual([{ line: 19, message: 'Join time is missing' }]);
  });

  it('reads `;` delimiters and day-first 24-hour dates from an Excel re-save, with quoted delimiters', () => {
    const r = report('semicolon-daymonth.csv');
    expect(r.delimiter).toBe(';');
    expect(brief(r).map((x) => [x.name, x.joinedAt, x.minutes])).toEqual([
      ['Siti Aminah', at('2024-10-24T09:00:00+07:00'), 100],
      ['Santoso; Budi', at('2024-10-24T13:00:00+07:00'), 20],
    ]);
  });

  it('counts physical lines across blank lines and quoted line breaks', () => {
    const csv = [
      'Topic,ID,Host,Duration (minutes),Start time,End time,Participants',
      '"A topic',
      'on two lines",1,h,1,"10/24/2024 09:00:00 AM","10/24/2024 10:00:00 AM",2',
      '',
      'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest',
      '"Line',
      'Break",a@b.id,10/24/2024 09:00:00 AM,10/24/2024 09:10:00 AM,10,No',
      '',
      'Bad,b@b.id,10/24/2024 09:00:00 AM,10/24/2024 08:00:00 AM,1,No',
    ].join('\r\n');
    const outcome = parseZoomReport(csv, options);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.report.rows.map((r) => r.line)).toEqual([6]);
    expect(outcome.report.invalid.map((r) => r.line)).toEqual([9]);
  });

  it('maps headers through extra aliases', () => {
    const csv = 'Nome (nome originale),E-mail utente,Ora di ingresso,Ora di uscita\nMario,m@x.it,10/24/2024 09:00:00 AM,10/24/2024 09:20:00 AM\n';
    expect(parseZoomReport(csv, options).ok).toBe(false);
    const outcome = parseZoomReport(csv, {
      ...options,
      aliases: { 'Nome (nome originale)': 'name', 'E-mail utente': 'email', 'Ora di ingresso': 'joinTime', 'Ora di uscita': 'leaveTime' },
    });
    expect(outcome.ok && outcome.report.rows[0]).toMatchObject({ name: 'Mario', minutes: 20 });
  });

  it('refuses a file with no participant header', () => {
    const outcome = parseZoomReport(zoomFixture('unreadable.csv'), options);
    expect(outcome).toMatchObject({ ok: false });
  });
});

describe('nameKeys', () => {
  it('reads names without suffixes, titles and NIPs, and Last, First', () => {
    expect(nameKeys('Budi Santoso (iPhone)')).toEqual(['budi santoso']);
    expect(nameKeys('Siti Aminah_199002152015032002')).toEqual(['siti aminah']);
    expect(nameKeys('Rina Wulandari, S.Sos (Dinsos)')).toEqual(['rina wulandari, s.sos', 'rina wulandari']);
    expect(nameKeys('Santoso, Budi')).toEqual(['santoso, budi', 'santoso', 'budi santoso']);
    expect(nameKeys('(Host)')).toEqual([]);
  });
});
