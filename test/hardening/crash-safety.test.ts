import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchLearners, benchReport, LEARNERS } from '../../bench/zoom-import';
import { SYSTEM } from '../../src/auth/viewer';
import { unwrap } from '../../src/seed/unwrap';
import { openDatabase } from '../../src/db/database';
import { toGlobalId } from '../../src/graphql/node';
import { createServices } from '../../src/composition/services';
import { killDuringWrite, startChildServer, stopChild, type ChildServer } from './child-server';

/** Eligible attendees of the certificate session: the issuance is one large transaction. */
const ATTENDEES = 12_000;
const TOKEN = 'crash-safety-superadmin-token-0123456789';

let dir: string;
let path: string;
let server: ChildServer | undefined;
let certificateSession: string;
let certificateSessionRowId: number;
let zoomSession: string;
let zoomSessionRowId: number;


/** A read-only look at the file the killed server left behind. */
function inspect<T>(look: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return look(db);
  } finally {
    db.close();
  }
}
const count = (db: BetterSqlite3.Database, sql: string) => (db.prepare(`SELECT count(*) AS n FROM ${sql}`).get() as { n: number }).n;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bangkom-crash-'));
  path = join(dir, 'crash.sqlite');
  const db = openDatabase(path);
  const services = createServices(db, { publicBaseUrl: 'http://localhost', databasePath: path });
  unwrap('setup', await services.institutions.create(SYSTEM, { code: 'BPSDM-JATIM', name: 'BPSDM Jawa Timur', kind: 'TRAINING_AGENCY' }));
  unwrap('setup', await services.learners.importLearners(SYSTEM, { institutionCode: 'BPSDM-JATIM', learners: benchLearners() }));
  unwrap('setup', await services.webinars.createSeries(SYSTEM, { code: 'MITK', title: 'Menuju Indonesia Tanpa Kemiskinan', organizerCode: 'BPSDM-JATIM' }));
  const criteria = [{ kind: 'ATTENDANCE_MINUTES' as const, threshold: 60 }];
  unwrap('rule', await services.certificateRules.define(SYSTEM, { code: 'HADIR-60', name: 'Hadir 60 menit', institutionCode: 'BPSDM-JATIM', criteria }));
  const times = { startsAt: '2024-10-24T09:00:00+07:00', endsAt: '2024-10-24T11:00:00+07:00' };
  const schedule = async (number: number) =>
    unwrap('session', await services.webinars.scheduleSession(SYSTEM, { seriesCode: 'MITK', number, title: `Sesi ${number}`, ...times, jp: 2, certificateRuleCode: 'HADIR-60' }));
  certificateSessionRowId = (await schedule(41)).id;
  certificateSession = toGlobalId('WebinarSession', certificateSessionRowId);
  zoomSessionRowId = (await schedule(42)).id;
  zoomSession = toGlobalId('WebinarSession', zoomSessionRowId);
  const learners = benchLearners(ATTENDEES);
  for (let i = 0; i < ATTENDEES; i += 10_000) {
    const entries = learners.slice(i, i + 10_000).map((l) => ({ nip: l.nip, minutes: 90 }));
    unwrap('setup', await services.attendance.record(SYSTEM, { sessionId: certificateSessionRowId, source: 'FORM', entries }));
  }
  db.close();
}, 300_000);

afterAll(async () => {
  if (server) await stopChild(server.child);
  rmSync(dir, { recursive: true, force: true });
});

const ISSUE = `mutation($input: IssueCertificatesInput!) {
  issueCertificates(input: $input) { issuedCount alreadyIssuedCount userErrors { code message } } }`;
const IMPORT = `mutation($input: ImportZoomAttendanceInput!) {
  importZoomAttendance(input: $input) { import { duplicate rowsTotal rowsMatched } userErrors { code message } } }`;

function certificateState() {
  return inspect((db) => ({
    integrity: db.pragma('integrity_check', { simple: true }),
    certificates: count(db, 'certificates'),
    distinctLearners: count(db, "(SELECT DISTINCT learner_id FROM certificates WHERE status = 'VALID')"),
    numbers: db.prepare('SELECT min(sequence_no) AS min, max(sequence_no) AS max, count(DISTINCT sequence_no) AS distinctNo, count(DISTINCT number) AS distinctNumber FROM certificates').get() as Record<string, number | null>,
    lastReserved: (db.prepare('SELECT coalesce(max(last_no), 0) AS n FROM certificate_sequences').get() as { n: number }).n,
    audit: count(db, "audit_log WHERE action = 'issueCertificates'"),
  }));
}

function expectGapless(state: ReturnType<typeof certificateState>) {
  expect(state.integrity).toBe('ok');
  expect(state.distinctLearners).toBe(state.certificates);
  expect(state.numbers.distinctNumber).toBe(state.certificates);
  expect(state.numbers.distinctNo).toBe(state.certificates);
  if (state.certificates > 0) expect(state.numbers).toMatchObject({ min: 1, max: state.certificates });
  expect(state.lastReserved).toBe(state.certificates);
}

describe('crash safety: SIGKILL in the middle of a write', () => {
  it(`issueCertificates for ${ATTENDEES} learners: nothing half-written, then repeatable to completion`, async () => {
    server = await startChildServer(path, TOKEN);
    const kill = await killDuringWrite(server, path, () => server!.gql(ISSUE, { input: { sessionId: certificateSession } }));
    expect(kill).toEqual({ sawLock: true, answered: false });

    const after = certificateState();
    console.info(`killed during issueCertificates; certificates after restart: ${after.certificates}`);
    expectGapless(after);
    expect([0, ATTENDEES]).toContain(after.certificates);
    expect(after.audit).toBe(after.certificates ? 1 : 0);

    server = await startChildServer(path, TOKEN);
    const again = (await server.gql(ISSUE, { input: { sessionId: certificateSession } })).data!.issueCertificates;
    expect(again).toMatchObject({ userErrors: [], issuedCount: ATTENDEES - after.certificates, alreadyIssuedCount: after.certificates });
    const done = certificateState();
    expectGapless(done);
    expect(done.certificates).toBe(ATTENDEES);

    const third = (await server.gql(ISSUE, { input: { sessionId: certificateSession } })).data!.issueCertificates;
    expect(third).toMatchObject({ issuedCount: 0, alreadyIssuedCount: ATTENDEES });
    expect(certificateState().certificates).toBe(ATTENDEES);
    await stopChild(server.child);
  }, 600_000);

  it('a 100,000-row Zoom import: all or nothing, then repeatable, then a duplicate', async () => {
    const csv = benchReport();
    const zoomState = () =>
      inspect((db) => ({
        integrity: db.pragma('integrity_check', { simple: true }),
        imports: count(db, 'attendance_imports'),
        intervals: count(db, 'zoom_intervals'),
        unmatched: count(db, 'unmatched_attendance_rows'),
        perLearner: count(db, `session_attendance WHERE session_id = ${zoomSessionRowId}`),
      }));
    const before = zoomState();
    expect(before).toMatchObject({ integrity: 'ok', imports: 0, intervals: 0, unmatched: 0, perLearner: 0 });

    server = await startChildServer(path, TOKEN);
    const input = { sessionId: zoomSession, fileName: 'mitk-42.csv', csv };
    const kill = await killDuringWrite(server, path, () => server!.gql(IMPORT, { input }));
    expect(kill).toEqual({ sawLock: true, answered: false });

    const after = zoomState();
    console.info(`killed during importZoomAttendance; imports after restart: ${after.imports}`);
    expect(after.integrity).toBe('ok');
    if (after.imports === 0) expect(after).toMatchObject({ intervals: 0, unmatched: 0, perLearner: 0 });
    else expect(after.imports).toBe(1);

    server = await startChildServer(path, TOKEN);
    const imported = (await server.gql(IMPORT, { input })).data!.importZoomAttendance;
    expect(imported.userErrors).toEqual([]);
    expect(imported.import).toMatchObject({ duplicate: after.imports === 1, rowsTotal: 100_000 });
    const complete = zoomState();
    expect(complete).toMatchObject({ integrity: 'ok', imports: 1 });
    expect(complete.intervals).toBeGreaterThan(0);
    expect(complete.perLearner).toBe(LEARNERS);

    const duplicate = (await server.gql(IMPORT, { input })).data!.importZoomAttendance;
    expect(duplicate.import.duplicate).toBe(true);
    expect(zoomState()).toEqual(complete);
    await stopChild(server.child);
  }, 600_000);
});
