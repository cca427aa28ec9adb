import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import { toGlobalId } from '../../../src/graphql/node';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { op } from '../../support/contract';
import { zoomFixture } from './fixtures';
import { maskNip } from '../../../src/modules/learners/nip';
import { PEOPLE, registerPeople, scheduleSession41, seedPeople } from './setup';
import { sqlCount, sqlRow, sqlRows } from '../../support/sql';

let t: TestApp;
let sessionId: string;
/** A session of its own for the 20 MB report, so its rows stay out of session 41's lists. */
let bigSessionId: string;
let admin: string;

beforeAll(async () => {
  // A real read pool: parsing and judging run in a worker thread on the database file.
  t = await startTestApp({ READ_WORKERS: '1' });
  await seedPeople(t.app.services);
  const { services } = t.app;
  const session41 = await scheduleSession41(services);
  const big = await services.webinars.scheduleSession(SYSTEM, {
    seriesCode: 'MITK',
    number: 99,
    title: 'Sesi besar',
    startsAt: '2024-10-24T09:00:00+07:00',
    endsAt: '2024-10-24T11:00:00+07:00',
    jp: 3,
  });
  if (!big.ok) throw new Error('session');
  bigSessionId = toGlobalId('WebinarSession', big.value.id);
  await registerPeople(services, session41);
  await registerPeople(services, big.value.id);
  admin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'BPSDM-JATIM' });
  const found = dataOf(await t.gql(op('SessionAttendance'), { seriesCode: 'MITK', number: 41 }, admin));
  sessionId = found.webinarSession.id;
});
afterAll(() => t.close());

const importFile = async (fileName: string, csv = zoomFixture(fileName), token: string | null = admin, into = sessionId) =>
  t.gql(op('ImportZoomAttendance'), { input: { sessionId: into, fileName, csv } }, token);

async function attendance(token: string | null = admin) {
  const data = dataOf(await t.gql(op('SessionAttendance'), { seriesCode: 'MITK', number: 41 }, token));
  const rows = data.webinarSession.attendances.edges.map((e: any) => e.node);
  // The organiser (BPSDM) does not administer these learners: it sees their names and masked NIPs.
  return { session: data.webinarSession, byName: new Map<string, any>(rows.map((r: any) => [r.learner.name, r])) };
}

const count = (table: string) => sqlCount(t.app.db, `SELECT count(*) AS n FROM ${table}`);

describe('importZoomAttendance', () => {
  it('imports the older layout: e-mail in any case, NIP in the display name, rejoins, parallel devices, malformed rows by line', async () => {
    const r = dataOf(await importFile('meeting-older.csv'));
    expect(r.importZoomAttendance.userErrors).toEqual([]);
    expect(r.importZoomAttendance.import).toMatchObject({
      fileName: 'meeting-older.csv',
      duplicate: false,
      rowsTotal: 7,
      rowsMatched: 4,
      rowsUnmatched: 2,
      rowsInvalid: 1,
      errors: [{ line: 11, message: expect.stringContaining('not a time') }],
    });
    expect(r.importZoomAttendance.import.sha256).toMatch(/^[0-9a-f]{64}$/);

    const { byName, session } = await attendance();
    // Rejoin: 09:00-09:30 and 09:40-10:30 as "Santoso, Budi" and from an iPhone.
    expect(byName.get(PEOPLE.budi.name)).toMatchObject({
      minutes: 80,
      source: 'ZOOM_REPORT',
      intervals: [
        { joinedAt: '2024-10-24T09:00:00+07:00', leftAt: '2024-10-24T09:30:00+07:00' },
        { joinedAt: '2024-10-24T09:40:00+07:00', leftAt: '2024-10-24T10:30:00+07:00' },
      ],
    });
    // Two devices, 09:05-10:05 (matched by NIP in the name) and 09:35-10:35 (by e-mail): counted once.
    expect(byName.get(PEOPLE.siti.name)).toMatchObject({ minutes: 90 });
    expect(byName.get(PEOPLE.siti.name).intervals).toHaveLength(2);
    expect(session.attendanceSummary).toEqual({ attendees: 2, totalMinutes: 170, averageMinutes: 85, unmatchedRows: 2 });
    expect(session.unmatchedAttendance.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({ displayName: 'BPSDM Jatim (Host)', email: 'bpsdm.jatim@gmail.com', minutes: 128 }),
      expect.objectContaining({ displayName: 'Tamu Misterius', email: null, minutes: 40 }),
    ]);
  });

  it('imports the newer layout with a BOM and leaves waiting-room time out', async () => {
    const r = dataOf(await importFile('meeting-newer.csv'));
    expect(r.importZoomAttendance.import).toMatchObject({ duplicate: false, rowsTotal: 4, rowsMatched: 2, rowsUnmatched: 1, rowsInvalid: 0, errors: [] });
    const { byName } = await attendance();
    expect(byName.get(PEOPLE.agus.name)).toMatchObject({
      minutes: 120,
      intervals: [{ joinedAt: '2024-10-24T08:58:00+07:00', leftAt: '2024-10-24T10:58:00+07:00' }],
    });
    expect(byName.get(PEOPLE.rina.name).minutes).toBe(61);
  });

  it('does nothing with the same file again and says so', async () => {
    const tables = ['attendance_imports', 'zoom_intervals', 'unmatched_attendance_rows', 'audit_log'];
    const before = await Promise.all(tables.map(count));
    const first = dataOf(await t.gql(op('SessionAttendance'), { seriesCode: 'MITK', number: 41 }, admin)).webinarSession.imports;
    const r = dataOf(await importFile('renamed.csv', zoomFixture('meeting-older.csv')));
    expect(r.importZoomAttendance.import).toMatchObject({ duplicate: true, fileName: 'meeting-older.csv', rowsMatched: 4 });
    expect(r.importZoomAttendance.import.id).toBe(first.find((i: any) => i.fileName === 'meeting-older.csv').id);
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });

  it('merges another file for the same session into the union', async () => {
    const r = dataOf(await importFile('no-block-iso.csv'));
    expect(r.importZoomAttendance.import).toMatchObject({ duplicate: false, rowsMatched: 2 });
    const { byName, session } = await attendance();
    // 09:00-09:30 + 09:40-10:30 + 10:00-10:50 -> 30 + 70.
    expect(byName.get(PEOPLE.budi.name)).toMatchObject({ minutes: 100 });
    expect(byName.get(PEOPLE.budi.name).intervals).toHaveLength(3);
    // 09:05-10:05 + 09:35-10:35 + 10:30-11:00 (upper-case e-mail) -> 09:05-11:00.
    expect(byName.get(PEOPLE.siti.name)).toMatchObject({ minutes: 115 });
    expect(session.imports.map((i: any) => i.fileName)).toEqual(['no-block-iso.csv', 'meeting-newer.csv', 'meeting-older.csv']);
  });

  it('imports unique-user totals and webinar attendee reports, matching a NIP registration column', async () => {
    const unique = dataOf(await importFile('unique-users.csv'));
    expect(unique.importZoomAttendance.import).toMatchObject({ rowsTotal: 3, rowsMatched: 2, rowsUnmatched: 1 });
    const webinar = dataOf(await importFile('webinar-attendee.csv'));
    expect(webinar.importZoomAttendance.import).toMatchObject({
      rowsTotal: 6,
      rowsMatched: 2,
      rowsUnmatched: 0,
      rowsInvalid: 1,
      errors: [{ line: 19, message: 'Join time is missing' }],
    });
    const { byName } = await attendance();
    // Budi (matched by the NIP column, other e-mail): 09:30-10:45 closes the 09:30-09:40 gap -> 09:00-10:50; above his 95-minute total.
    expect(byName.get(PEOPLE.budi.name).minutes).toBe(110);
    // Agus registered with his NIP; the Zoom totals say 120.
    expect(byName.get(PEOPLE.agus.name).minutes).toBe(120);
  });

  it('refuses a wholly unreadable file and writes nothing', async () => {
    const before = [await count('attendance_imports'), await count('audit_log')];
    const r = dataOf(await importFile('unreadable.csv'));
    expect(r.importZoomAttendance.import).toBeNull();
    expect(r.importZoomAttendance.userErrors).toEqual([expect.objectContaining({ field: ['csv'], code: 'UNREADABLE' })]);
    const allBad = 'Name (Original Name),User Email,Join Time,Leave Time\nA,a@x.id,yesterday,today\nB,b@x.id,?,?\n';
    const bad = dataOf(await importFile('bad.csv', allBad));
    expect(bad.importZoomAttendance.userErrors.map((e: any) => e.code)).toEqual(['UNREADABLE', 'MALFORMED_ROW', 'MALFORMED_ROW']);
    expect(bad.importZoomAttendance.userErrors[1].message).toMatch(/^Line 2:/);
    expect([await count('attendance_imports'), await count('audit_log')]).toEqual(before);
  });

  it('accepts a 20 MB report and refuses one over the limit', async () => {
    const header = 'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest,Recording disclaimer response,In waiting room\n';
    const padding = 'x'.repeat(900);
    const row = (i: number) => `Peserta ${i} ${padding},peserta${i}@example.com,10/24/2024 09:00:00 AM,10/24/2024 10:00:00 AM,60,Yes,OK,No\n`;
    const rows: string[] = [];
    for (let i = 0; header.length + rows.length * row(0).length < 20 * 1024 * 1024; i++) rows.push(row(i));
    const csv = header + rows.join('');
    const big = dataOf(await importFile('big.csv', csv, admin, bigSessionId));
    expect(big.importZoomAttendance.userErrors).toEqual([]);
    expect(big.importZoomAttendance.import).toMatchObject({ rowsTotal: rows.length, rowsUnmatched: rows.length });

    const tooBig = dataOf(await importFile('too-big.csv', csv + csv.slice(0, 4.5 * 1024 * 1024), admin, bigSessionId));
    expect(tooBig.importZoomAttendance.userErrors).toEqual([expect.objectContaining({ field: ['csv'], code: 'TOO_LARGE' })]);
  });

  it('is for the organiser’s admins only', async () => {
    const learner = await t.token('LEARNER', { nip: PEOPLE.budi.nip });
    expect((await importFile('meeting-older.csv', undefined, learner)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await importFile('meeting-older.csv', undefined, null)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const probolinggo = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB-PROBOLINGGO' });
    expect((await importFile('meeting-older.csv', undefined, probolinggo)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const view = await t.gql(op('SessionAttendance'), { seriesCode: 'MITK', number: 41 }, probolinggo);
    expect(view.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = dataOf(await t.gql(op('ImportZoomAttendance'), { input: { sessionId: 'nope', fileName: 'a.csv', csv: 'x' } }));
    expect(bad.importZoomAttendance.userErrors).toEqual([expect.objectContaining({ field: ['sessionId'], code: 'NOT_FOUND' })]);
  });
});

describe('resolveUnmatchedAttendance', () => {
  it('gives an unmatched row to a learner and moves its time', async () => {
    const { session } = await attendance();
    const tamu = session.unmatchedAttendance.edges.map((e: any) => e.node).find((n: any) => n.displayName === 'Tamu Misterius');
    const r = dataOf(await t.gql(op('ResolveUnmatchedAttendance'), { input: { rowId: tamu.id, nip: PEOPLE.dewi.nip } }, admin));
    expect(r.resolveUnmatchedAttendance).toEqual({ userErrors: [], attendance: { learner: { nip: maskNip(PEOPLE.dewi.nip) }, minutes: 40 } });
    const after = await attendance();
    expect(after.byName.get(PEOPLE.dewi.name)).toMatchObject({
      minutes: 40,
      intervals: [{ joinedAt: '2024-10-24T09:10:00+07:00', leftAt: '2024-10-24T09:50:00+07:00' }],
    });
    expect(after.session.unmatchedAttendance.edges.map((e: any) => e.node.displayName)).not.toContain('Tamu Misterius');
    expect(after.session.attendanceSummary.unmatchedRows).toBe(session.attendanceSummary.unmatchedRows - 1);

    const again = dataOf(await t.gql(op('ResolveUnmatchedAttendance'), { input: { rowId: tamu.id, nip: PEOPLE.dewi.nip } }, admin));
    expect(again.resolveUnmatchedAttendance.userErrors).toEqual([expect.objectContaining({ field: ['rowId'], code: 'ALREADY_RESOLVED' })]);
    const unknown = dataOf(await t.gql(op('ResolveUnmatchedAttendance'), { input: { rowId: tamu.id, nip: '199901012020011099' } }, admin));
    // A NIP nobody has answers like one the organiser may not reach: the answer does not tell them apart.
    expect(unknown.resolveUnmatchedAttendance.userErrors).toEqual([expect.objectContaining({ field: ['nip'], code: 'FORBIDDEN' })]);
  });
});

describe('name suggestions', () => {
  it('proposes learners by name but never matches them by name', async () => {
    const csv = 'Name (original name),Email,Join time,Leave time\n"Lestari, Dewi (iPhone)",,10/24/2024 11:00:00 AM,10/24/2024 11:20:00 AM\n';
    const r = dataOf(await importFile('late.csv', csv));
    expect(r.importZoomAttendance.import).toMatchObject({ rowsMatched: 0, rowsUnmatched: 1 });
    const query = `query U { webinarSession(seriesCode: "MITK", number: 41) { unmatchedAttendance(first: 100) { edges { node {
      id displayName joinedAt leftAt suggestedLearners { nip } } } } } }`;
    const rows = dataOf(await t.gql(query, {}, admin)).webinarSession.unmatchedAttendance.edges.map((e: any) => e.node);
    const late = rows.find((n: any) => n.displayName === 'Lestari, Dewi (iPhone)');
    expect(late).toMatchObject({ joinedAt: '2024-10-24T11:00:00+07:00', leftAt: '2024-10-24T11:20:00+07:00', suggestedLearners: [{ nip: maskNip(PEOPLE.dewi.nip) }] });
    expect(rows.find((n: any) => n.displayName === 'Pak Guest').suggestedLearners).toEqual([]);

    const resolved = dataOf(await t.gql(op('ResolveUnmatchedAttendance'), { input: { rowId: late.id, nip: PEOPLE.dewi.nip } }, admin));
    expect(resolved.resolveUnmatchedAttendance.attendance).toEqual({ learner: { nip: maskNip(PEOPLE.dewi.nip) }, minutes: 60 });
  });
});

describe('recordAttendance', () => {
  const record = (source: string, entries: unknown[], token = admin) => t.gql(op('RecordAttendance'), { input: { sessionId, source, entries } }, token);

  it('takes FORM minutes when they exceed Zoom, and MANUAL over everything', async () => {
    const form = dataOf(
      await record('FORM', [
        { nip: PEOPLE.rina.nip, minutes: 100, joinedAt: '2024-10-24T09:00:00+07:00' },
        { nip: PEOPLE.agus.nip, minutes: 90 },
        { email: 'MULYONO@bumdes-sumberasih.id', minutes: 110 },
      ]),
    );
    expect(form.recordAttendance).toEqual({ recorded: 3, userErrors: [] });
    let { byName } = await attendance();
    expect(byName.get(PEOPLE.rina.name)).toMatchObject({ minutes: 100, source: 'FORM' });
    expect(byName.get(PEOPLE.agus.name)).toMatchObject({ minutes: 120, source: 'ZOOM_REPORT' });
    expect(byName.get('Mulyono')).toMatchObject({ minutes: 110, source: 'FORM', intervals: [] });

    dataOf(await record('MANUAL', [{ nip: PEOPLE.budi.nip, minutes: 45 }]));
    ({ byName } = await attendance());
    expect(byName.get(PEOPLE.budi.name)).toMatchObject({ minutes: 45, source: 'MANUAL' });
    expect(byName.get(PEOPLE.budi.name).intervals).toHaveLength(4);
    const kept = await sqlRow(t.app.db, "SELECT count(*) AS n FROM attendance_records WHERE source = 'FORM'");
    expect(kept).toEqual({ n: 3 });
  });

  it('validates every entry and writes nothing on a problem', async () => {
    const before = await count('attendance_records');
    const r = dataOf(
      await record('FORM', [
        { nip: PEOPLE.rina.nip, minutes: -5 },
        { nip: '199901012020011099', minutes: 10 },
        { minutes: 10 },
        { nip: PEOPLE.agus.nip, minutes: 10 },
        { nip: PEOPLE.agus.nip, minutes: 20 },
      ]),
    );
    expect(r.recordAttendance.userErrors.map((e: any) => [e.field.join('.'), e.code])).toEqual([
      ['entries.0.minutes', 'OUT_OF_RANGE'],
      ['entries.1.nip', 'FORBIDDEN'],
      ['entries.2.nip', 'REQUIRED'],
      ['entries.4.nip', 'DUPLICATE'],
    ]);
    const zoom = dataOf(await record('ZOOM_REPORT', [{ nip: PEOPLE.rina.nip, minutes: 5 }]));
    expect(zoom.recordAttendance.userErrors).toEqual([expect.objectContaining({ field: ['source'] })]);
    expect(await count('attendance_records')).toBe(before);
  });
});

describe('attendance reads', () => {
  it('shows a learner their own attendance, in the session offset', async () => {
    const learner = await t.token('LEARNER', { nip: PEOPLE.siti.nip });
    const query = `query Mine($first: Int) { viewer { learner { attendances(first: $first) { totalCount edges { node {
      minutes source firstJoinAt lastLeaveAt session { number title startsAt jp series { code title } } } } } } } }`;
    const r = dataOf(await t.gql(query, { first: 5 }, learner));
    expect(r.viewer.learner.attendances).toEqual({
      totalCount: 1,
      edges: [
        {
          node: {
            minutes: 115,
            source: 'ZOOM_REPORT',
            firstJoinAt: '2024-10-24T09:05:00+07:00',
            lastLeaveAt: '2024-10-24T11:00:00+07:00',
            session: { number: 41, title: 'Sinergi Data Kemiskinan', startsAt: '2024-10-24T09:00:00+07:00', jp: 3, series: { code: 'MITK', title: 'Menuju Indonesia Tanpa Kemiskinan' } },
          },
        },
      ],
    });
    const other = await t.gql(`query { learner(nip: "${PEOPLE.budi.nip}") { attendances { totalCount } } }`, {}, learner);
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const probolinggo = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB-PROBOLINGGO' });
    const scoped = dataOf(await t.gql(`query { learner(nip: "${PEOPLE.budi.nip}") { attendances { edges { node { minutes source } } } } }`, {}, probolinggo));
    expect(scoped.learner.attendances.edges).toEqual([{ node: { minutes: 45, source: 'MANUAL' } }]);
  });

  it('records every write in the audit log', async () => {
    const actions = (await sqlRows<{ action: string }>(t.app.db, 'SELECT DISTINCT action FROM audit_log')).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['importZoomAttendance', 'recordAttendance', 'resolveUnmatchedAttendance']));
  });
});
