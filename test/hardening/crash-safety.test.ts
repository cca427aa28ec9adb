import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchReport, LEARNERS } from '../../bench/zoom-import';
import { killDuringWrite, startChildServer, stopChild, type ChildServer } from './child-server';
import { ATTENDEES, buildIssuanceWorld, certificateState, count, expectGapless, inspect, integrity, ISSUE, type IssuanceWorld } from './issuance-world';

const TOKEN = 'crash-safety-superadmin-token-0123456789';

let dir: string;
let path: string;
let server: ChildServer | undefined;
let world: IssuanceWorld;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bangkom-crash-'));
  path = join(dir, 'crash.sqlite');
  world = await buildIssuanceWorld(path);
}, 300_000);

afterAll(async () => {
  if (server) await stopChild(server.child);
  rmSync(dir, { recursive: true, force: true });
});

const IMPORT = `mutation($input: ImportZoomAttendanceInput!) {
  importZoomAttendance(input: $input) { import { duplicate rowsTotal rowsMatched } userErrors { code message } } }`;

describe('crash safety: SIGKILL in the middle of a write', () => {
  it(`issueCertificates for ${ATTENDEES} learners: nothing half-written, then repeatable to completion`, async () => {
    server = await startChildServer(path, TOKEN);
    const kill = await killDuringWrite(server, path, () => server!.gql(ISSUE, { input: { sessionId: world.certificateSession } }));
    expect(kill).toEqual({ sawLock: true, answered: false });

    const after = await certificateState(path);
    console.info(`killed during issueCertificates; certificates after restart: ${after.certificates}`);
    expectGapless(after);
    expect([0, ATTENDEES]).toContain(after.certificates);
    expect(after.audit).toBe(after.certificates ? 1 : 0);

    server = await startChildServer(path, TOKEN);
    const again = (await server.gql(ISSUE, { input: { sessionId: world.certificateSession } })).data!.issueCertificates;
    expect(again).toMatchObject({ userErrors: [], issuedCount: ATTENDEES - after.certificates, alreadyIssuedCount: after.certificates });
    const done = await certificateState(path);
    expectGapless(done);
    expect(done.certificates).toBe(ATTENDEES);

    const third = (await server.gql(ISSUE, { input: { sessionId: world.certificateSession } })).data!.issueCertificates;
    expect(third).toMatchObject({ issuedCount: 0, alreadyIssuedCount: ATTENDEES });
    expect((await certificateState(path)).certificates).toBe(ATTENDEES);
    await stopChild(server.child);
  }, 600_000);

  it('a 100,000-row Zoom import: all or nothing, then repeatable, then a duplicate', async () => {
    const csv = benchReport();
    const zoomState = () =>
      inspect(path, async (db) => ({
        integrity: await integrity(db),
        imports: await count(db, 'attendance_imports'),
        intervals: await count(db, 'zoom_intervals'),
        unmatched: await count(db, 'unmatched_attendance_rows'),
        perLearner: await count(db, `session_attendance WHERE session_id = ${world.zoomSessionRowId}`),
      }));
    const before = await zoomState();
    expect(before).toMatchObject({ integrity: 'ok', imports: 0, intervals: 0, unmatched: 0, perLearner: 0 });

    server = await startChildServer(path, TOKEN);
    const input = { sessionId: world.zoomSession, fileName: 'mitk-42.csv', csv };
    const kill = await killDuringWrite(server, path, () => server!.gql(IMPORT, { input }));
    expect(kill).toEqual({ sawLock: true, answered: false });

    const after = await zoomState();
    console.info(`killed during importZoomAttendance; imports after restart: ${after.imports}`);
    expect(after.integrity).toBe('ok');
    if (after.imports === 0) expect(after).toMatchObject({ intervals: 0, unmatched: 0, perLearner: 0 });
    else expect(after.imports).toBe(1);

    server = await startChildServer(path, TOKEN);
    const imported = (await server.gql(IMPORT, { input })).data!.importZoomAttendance;
    expect(imported.userErrors).toEqual([]);
    expect(imported.import).toMatchObject({ duplicate: after.imports === 1, rowsTotal: 100_000 });
    const complete = await zoomState();
    expect(complete).toMatchObject({ integrity: 'ok', imports: 1 });
    expect(complete.intervals).toBeGreaterThan(0);
    expect(complete.perLearner).toBe(LEARNERS);

    const duplicate = (await server.gql(IMPORT, { input })).data!.importZoomAttendance;
    expect(duplicate.import.duplicate).toBe(true);
    expect(await zoomState()).toEqual(complete);
    await stopChild(server.child);
  }, 600_000);
});
