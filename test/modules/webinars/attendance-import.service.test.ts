import { fc, test } from '@fast-check/vitest';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import type { Database } from '../../../src/db/database';
import { AttendanceImportService } from '../../../src/modules/webinars/attendance-import.service';
import type { Services } from '../../../src/composition/services';
import { openServices } from '../../support/services';
import { sqlRows } from '../../support/sql';
import { zoomFixture } from './fixtures';
import { PEOPLE, seedPeople } from './setup';

const opened: Database[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});

interface World {
  db: Database;
  services: Services;
}

async function world(): Promise<World> {
  const { db, services } = await openServices();
  await seedPeople(services);
  await services.webinars.createSeries(SYSTEM, { code: 'MITK', title: 'MITK', organizerCode: 'BPSDM-JATIM' });
  return { db, services };
}

async function schedule(services: Services, number: number): Promise<number> {
  const session = await services.webinars.scheduleSession(SYSTEM, {
    seriesCode: 'MITK',
    number,
    title: `Sesi ${number}`,
    startsAt: '2024-10-24T09:00:00+07:00',
    endsAt: '2024-10-24T11:00:00+07:00',
    jp: 3,
  });
  if (!session.ok) throw new Error('no session');
  return session.value.id;
}

async function fresh(): Promise<World & { sessionId: number }> {
  const w = await world();
  opened.push(w.db);
  return { ...w, sessionId: await schedule(w.services, 41) };
}

/** The property runs share one database, each on a session of its own: a database per run is too slow on PostgreSQL. */
let shared: Promise<World> | undefined;
let sessions = 41;
async function freshSession(): Promise<World & { sessionId: number }> {
  shared ??= world();
  const w = await shared;
  return { ...w, sessionId: await schedule(w.services, ++sessions) };
}
afterAll(async () => {
  if (shared) await (await shared).db.close();
});

/** Everything an import writes, in a comparable form. */
async function evidence(db: Database) {
  const q = (sql: string) => sqlRows(db, sql);
  return {
    attendance: await q('SELECT session_id, learner_id, minutes, source, first_join_at, last_leave_at FROM session_attendance ORDER BY session_id, learner_id'),
    intervals: await q('SELECT learner_id, line, joined_at, left_at, minutes FROM zoom_intervals ORDER BY id'),
    unmatched: await q('SELECT line, display_name, email, minutes, raw FROM unmatched_attendance_rows ORDER BY id'),
    imports: await q('SELECT file_name, sha256, rows_total, rows_matched, rows_unmatched, rows_invalid, rows_skipped FROM attendance_imports ORDER BY id'),
  };
}

const known = [PEOPLE.budi, PEOPLE.siti, PEOPLE.agus, PEOPLE.rina];
const row = fc.record({
  who: fc.oneof(
    fc.constantFrom(...known).map((p) => ({ name: p.name, email: p.email.toUpperCase() })),
    fc.constantFrom(...known).map((p) => ({ name: `${p.name}_${p.nip}`, email: '' })),
    fc.string({ minLength: 1, maxLength: 12 }).map((s) => ({ name: `Tamu ${s}`, email: '' })),
  ),
  start: fc.integer({ min: 0, max: 150 }),
  length: fc.integer({ min: 0, max: 90 }),
  waiting: fc.boolean(),
});
const pad = (n: number) => String(n).padStart(2, '0');
const time = (minutes: number) => `10/24/2024 ${pad(8 + Math.floor(minutes / 60))}:${pad(minutes % 60)}:00`;
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

type Row = { who: { name: string; email: string }; start: number; length: number; waiting: boolean };

function report(rows: Row[]) {
  const header = 'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest,In waiting room';
  return [header, ...rows.map((r) => [quote(r.who.name), r.who.email, time(r.start), time(r.start + r.length), r.length, 'No', r.waiting ? 'Yes' : 'No'].join(','))].join('\r\n');
}

describe('importing Zoom reports (service)', () => {
  test.prop([fc.array(row, { maxLength: 25 })], { numRuns: 30 })('importing a file twice equals importing it once', async (rows) => {
    const { db, services, sessionId } = await freshSession();
    const csv = report(rows);
    const first = await services.attendanceImports.importZoom(SYSTEM, { sessionId, fileName: 'a.csv', csv });
    expect(first.ok && first.value.duplicate).toBe(false);
    const once = await evidence(db);
    const second = await services.attendanceImports.importZoom(SYSTEM, { sessionId, fileName: 'again.csv', csv });
    expect(second.ok && second.value.duplicate).toBe(true);
    expect(await evidence(db)).toEqual(once);
  });

  test.prop([fc.array(row, { maxLength: 20 }), fc.array(row, { maxLength: 20 })], { numRuns: 20 })(
    'merging two files gives the minutes of one file holding both',
    async (a, b) => {
      fc.pre(a.length > 0 && b.length > 0);
      const split = await freshSession();
      await split.services.attendanceImports.importZoom(SYSTEM, { sessionId: split.sessionId, fileName: 'a.csv', csv: report(a) });
      await split.services.attendanceImports.importZoom(SYSTEM, { sessionId: split.sessionId, fileName: 'b.csv', csv: report(b) });
      const whole = await freshSession();
      await whole.services.attendanceImports.importZoom(SYSTEM, { sessionId: whole.sessionId, fileName: 'ab.csv', csv: report([...a, ...b]) });
      const minutes = (db: Database, sessionId: number) =>
        sqlRows(db, 'SELECT learner_id, minutes, first_join_at, last_leave_at FROM session_attendance WHERE session_id = ? ORDER BY learner_id', sessionId);
      expect(await minutes(split.db, split.sessionId)).toEqual(await minutes(whole.db, whole.sessionId));
    },
  );

  it('refuses reports over the row limit with nothing written', async () => {
    const { db, services, sessionId } = await fresh();
    const small = new AttendanceImportService(db, services.webinars, services.readPool, { maxBytes: 1024 * 1024, maxRows: 3 });
    const r = await small.importZoom(SYSTEM, { sessionId, fileName: 'older.csv', csv: zoomFixture('meeting-older.csv') });
    expect(r).toEqual({ ok: false, errors: [expect.objectContaining({ field: ['csv'], code: 'TOO_LARGE', message: expect.stringContaining('7 participant rows') })] });
    const bytes = new AttendanceImportService(db, services.webinars, services.readPool, { maxBytes: 100, maxRows: 100 });
    const b = await bytes.importZoom(SYSTEM, { sessionId, fileName: 'older.csv', csv: zoomFixture('meeting-older.csv') });
    expect(b.ok).toBe(false);
    expect((await evidence(db)).imports).toEqual([]);
  });

  it('imports a file sent twice at once only once', async () => {
    const { db, services, sessionId } = await fresh();
    const csv = zoomFixture('meeting-older.csv');
    const results = await Promise.all([1, 2, 3].map(() => services.attendanceImports.importZoom(SYSTEM, { sessionId, fileName: 'a.csv', csv })));
    expect(results.map((r) => r.ok && r.value.duplicate).sort()).toEqual([false, true, true]);
    expect((await evidence(db)).imports).toHaveLength(1);
  });

  it('keeps unmatched rows with their raw cells', async () => {
    const { db, services, sessionId } = await fresh();
    await services.attendanceImports.importZoom(SYSTEM, { sessionId, fileName: 'newer.csv', csv: zoomFixture('meeting-newer.csv') });
    const [guest] = (await evidence(db)).unmatched as { raw: string }[];
    expect(JSON.parse(guest.raw)).toEqual({
      'Name (original name)': 'Pak Guest',
      Email: '',
      'Join time': '10/24/2024 09:15:00 AM',
      'Leave time': '10/24/2024 09:45:00 AM',
      'Duration (minutes)': '30',
      Guest: 'Yes',
      'Recording disclaimer response': 'OK',
      'In waiting room': 'No',
    });
  });

  it('drops control characters from names, refuses only the row whose e-mail holds one, and stores none', async () => {
    const { db, services, sessionId } = await fresh();
    const csv = [
      'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest\u202E',
      `"Budi\u0000 Santoso_${PEOPLE.budi.nip}",,${time(0)},${time(60)},60,No`,
      `"Tamu\u202Egnp.exe\nbaris dua",,${time(0)},${time(30)},30,Yes`,
      `Agus Salim,${PEOPLE.agus.email}\u202E,${time(0)},${time(90)},90,No`,
      `Siti Aminah,${PEOPLE.siti.email},${time(10)},${time(40)},30,No\u0085`,
    ].join('\r\n');
    const r = await services.attendanceImports.importZoom(SYSTEM, { sessionId, fileName: 'tamu.csv', csv });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.errors).toEqual([{ line: 5, message: 'The e-mail contains U+202E RIGHT-TO-LEFT OVERRIDE (a bidirectional control character)' }]);
    expect(r.value).toMatchObject({ rowsTotal: 4, rowsMatched: 2, rowsUnmatched: 1, rowsInvalid: 1 });
    const stored = await evidence(db);
    const unmatched = stored.unmatched as { display_name: string; raw: string }[];
    expect(unmatched.map((u) => u.display_name)).toEqual(['Tamugnp.exe baris dua']);
    expect(JSON.parse(unmatched[0].raw)).toMatchObject({ 'Name (original name)': 'Tamugnp.exe baris dua', Guest: 'Yes' });
    expect(JSON.stringify(stored)).not.toMatch(/\\u00[01]|\\u0085|[\u0000-\u001f\u0085\u202e]/);
  });
});
