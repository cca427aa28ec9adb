import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import { statement } from '../../../src/db/statement';
import { toGlobalId } from '../../../src/graphql/node';
import { demoNip } from '../../../src/seed/demo-people';
import { buildWorld, type World } from '../../hardening/world';
import { sqlCount, sqlRow, sqlRows } from '../../support/sql';
import { readXlsx } from './files';

let w: World;
let base: string;
let sessionRowId: number;
/** Admin of the organiser only: the session's learners are not theirs. */
let organizerOnly: string;
let certificateYear: number;
let activityYear: number;

beforeAll(async () => {
  // A real read pool: every export's pages are read in a worker thread on the database file.
  w = await buildWorld({ READ_WORKERS: '1' });
  base = w.t.url.replace(/\/graphql$/, '');
  sessionRowId = (await one<{ id: number }>('SELECT id FROM webinar_sessions WHERE number = 41')).id;
  organizerOnly = await w.t.token('INSTITUTION_ADMIN', { institutionCode: 'BPSDM-JATIM' });
  const cert = await one<{ sequence_year: number; activity_year: number }>(`SELECT sequence_year, activity_year FROM certificates WHERE number = '${w.certificateNumber}'`);
  certificateYear = cert.sequence_year;
  activityYear = cert.activity_year;
}, 60_000);
afterAll(() => w.t.close());

const one = async <T>(sql: string): Promise<T> => (await sqlRow<T>(w.t.app.db, sql))!;
const n = (sql: string) => sqlCount(w.t.app.db, sql);
const setProvinceZone = statement<[string | null]>("UPDATE institutions SET time_zone = ? WHERE code = 'PEMPROV-JATIM'");

const get = (path: string, token: string | null = w.tokens.rightAdmin) =>
  fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

async function csv(path: string, token?: string | null): Promise<string[][]> {
  const response = await get(path, token);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return parse(text.slice(1));
}

async function xlsx(path: string): Promise<unknown[][]> {
  const response = await get(path);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  return readXlsx(await response.arrayBuffer());
}

const session = () => toGlobalId('WebinarSession', sessionRowId);

describe('GET /exports/...', () => {
  it('session attendance: every learner with evidence, as CSV and XLSX alike', async () => {
    const rows = await csv(`/exports/sessions/${session()}/attendance.csv`);
    expect(rows[0]).toEqual(['NIP', 'Email', 'Name', 'Minutes', 'Source', 'First join', 'Last leave']);
    expect(rows.length - 1).toBe(await n(`SELECT count(*) AS n FROM session_attendance WHERE session_id = ${sessionRowId}`));
    const mine = rows.find((r) => r[0] === w.learnerNip)!;
    const stored = await one<{ minutes: number; source: string }>(
      `SELECT a.minutes, a.source FROM session_attendance a JOIN learners l ON l.id = a.learner_id WHERE a.session_id = ${sessionRowId} AND l.nip = '${w.learnerNip}'`,
    );
    expect(mine.slice(3, 5)).toEqual([String(stored.minutes), stored.source]);

    const sheet = await xlsx(`/exports/sessions/${session()}/attendance.xlsx`);
    expect(sheet[0]).toEqual(rows[0]);
    expect(sheet.length).toBe(rows.length);
    expect(sheet.find((r) => r[0] === w.learnerNip)?.[3]).toBe(stored.minutes);
  });

  it("shows an organiser who does not administer the learners their names and masked NIPs only, as GraphQL does", async () => {
    const rows = await csv(`/exports/sessions/${session()}/attendance.csv`, organizerOnly);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows.slice(1)) {
      expect(row[0] === '' || /^\*{14}\d{4}$/.test(row[0])).toBe(true);
      expect(row[1]).toBe('');
    }
  });

  it('eligibility: one column per criterion, for sessions and cohorts', async () => {
    const rows = await csv(`/exports/sessions/${session()}/eligibility.csv`);
    expect(rows[0].slice(0, 3)).toEqual(['NIP', 'Email', 'Name']);
    expect(rows[0][3]).toMatch(/^Eligible \(MITK-E-CERT v\d+\)$/);
    expect(rows[0].slice(4)).toEqual(['ATTENDANCE_MINUTES (required 60)']);
    const eligible = rows.slice(1).filter((r) => r[3] === 'yes');
    expect(eligible.every((r) => Number(r[4]) >= 60)).toBe(true);
    expect(rows.slice(1).filter((r) => r[3] === 'no').every((r) => Number(r[4]) < 60)).toBe(true);
    expect(eligible.length).toBeGreaterThan(0);

    const cohort = await xlsx(`/exports/cohorts/${w.cohortId}/eligibility.xlsx`);
    expect(cohort[0].slice(0, 3)).toEqual(['NIP', 'Email', 'Name']);
    expect(cohort.length - 1).toBe(await n(`SELECT count(DISTINCT learner_id) AS n FROM enrollments WHERE cohort_id = (SELECT id FROM cohorts WHERE code = '${w.cohortCode}')`));
  });

  it('certificates an issuer issued in a year', async () => {
    const rows = await csv(`/exports/certificates.csv?issuer=BPSDM-JATIM&year=${certificateYear}`);
    expect(rows[0]).toEqual(['Number', 'Status', 'NIP', 'Email', 'Name', 'Title', 'JP', 'Activity date', 'Issued at']);
    const issued = await n(`SELECT count(*) AS n FROM certificates WHERE sequence_year = ${certificateYear} AND issuer_id = (SELECT id FROM institutions WHERE code = 'BPSDM-JATIM')`);
    expect(issued).toBeGreaterThan(0);
    expect(rows.length - 1).toBe(issued);
    const numbers = (await sqlRows<{ number: string }>(w.t.app.db, `SELECT number FROM certificates WHERE sequence_year = ? AND issuer_id = (SELECT id FROM institutions WHERE code = 'BPSDM-JATIM') ORDER BY sequence_no`, certificateYear)).map((r) => r.number);
    expect(rows.slice(1).map((r) => r[0])).toEqual(numbers);
    expect(await csv(`/exports/certificates.csv?issuer=BPSDM-JATIM&year=${certificateYear - 1}`)).toHaveLength(1);
    expect(rows[1][8]).toMatch(/\+07:00$/);
    // Issue times in the issuer's zone, inherited from above: BPSDM-JATIM under a province set to WITA.
    const setZone = (zone: string | null) => w.t.app.db.write((tx) => setProvinceZone(tx).run(zone));
    await setZone('WITA');
    const wita = await csv(`/exports/certificates.csv?issuer=BPSDM-JATIM&year=${certificateYear}`);
    await setZone(null);
    expect(wita[1][8]).toMatch(/\+08:00$/);
    expect(Date.parse(wita[1][8])).toBe(Date.parse(rows[1][8]));
  });

  it("learning hours of an institution's subtree: target, earned JP, on track, certificate numbers", async () => {
    const rows = await csv(`/exports/institutions/PEMPROV-JATIM/learning-hours.csv?year=${activityYear}`);
    expect(rows[0]).toEqual(['NIP', 'Email', 'Name', 'Institution code', 'Institution', 'Target JP', 'Earned JP', 'On track', 'Certificate numbers']);
    const subtree = await n(
      "SELECT count(*) AS n FROM learners WHERE institution_id IN (SELECT id FROM institutions WHERE path LIKE (SELECT path FROM institutions WHERE code = 'PEMPROV-JATIM') || '%')",
    );
    expect(rows.length - 1).toBe(subtree);
    const mine = rows.find((r) => r[0] === w.learnerNip)!;
    const jp = await n(`SELECT sum(jp) AS n FROM certificates WHERE learner_id = (SELECT id FROM learners WHERE nip = '${w.learnerNip}') AND activity_year = ${activityYear} AND status = 'VALID'`);
    expect(Number(mine[6])).toBe(jp);
    expect(mine[8].split(' ')).toContain(w.certificateNumber);

    const sheet = await xlsx(`/exports/institutions/PEMPROV-JATIM/learning-hours.xlsx?year=${activityYear}`);
    expect(sheet.length).toBe(rows.length);
    expect(sheet.find((r) => r[0] === w.learnerNip)?.[6]).toBe(jp);
  });

  it('escapes cells a spreadsheet would run as formulas, in both formats', async () => {
    const hostile = ['=HYPERLINK("http://evil.example","klik")', '+62 812', '-1+1', '@SUM(A1:A2)'];
    const imported = await w.t.app.services.learners.importLearners(SYSTEM, {
      institutionCode: 'KAB-PROBOLINGGO',
      learners: hostile.map((name, i) => ({ nip: demoNip(900 + i), name, employmentType: 'PNS' as const })),
    });
    expect(imported.ok).toBe(true);
    const names = (await csv(`/exports/institutions/KAB-PROBOLINGGO/learning-hours.csv?year=${activityYear}`)).map((r) => r[2]);
    const sheetNames = (await xlsx(`/exports/institutions/KAB-PROBOLINGGO/learning-hours.xlsx?year=${activityYear}`)).map((r) => r[2]);
    for (const name of hostile) {
      expect(names).toContain(`'${name}`);
      expect(sheetNames).toContain(`'${name}`);
    }
    expect(names.filter((x) => /^[=+\-@]/.test(x))).toEqual([]);
  });

  it('answers 401 without a token, 403 out of scope, 404 for an unknown id', async () => {
    const paths = [
      `/exports/sessions/${session()}/attendance.csv`,
      `/exports/sessions/${session()}/eligibility.xlsx`,
      `/exports/cohorts/${w.cohortId}/eligibility.csv`,
      `/exports/certificates.csv?issuer=BPSDM-JATIM&year=${certificateYear}`,
      `/exports/institutions/PEMPROV-JATIM/learning-hours.xlsx?year=${activityYear}`,
    ];
    for (const path of paths) {
      expect((await get(path, null)).status, path).toBe(401);
      expect((await get(path, 'not-a-token')).status, path).toBe(401);
      expect((await get(path, w.tokens.wrongAdmin)).status, path).toBe(403);
      expect((await get(path, w.tokens.learner)).status, path).toBe(403);
      expect((await get(path, w.tokens.superadmin)).status, path).toBe(200);
    }
    const forbidden = await get(paths[0], w.tokens.wrongAdmin);
    expect(await forbidden.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'FORBIDDEN' } }] });
    // To a SUPERADMIN, for whom nothing is out of scope, something missing is 404 (to others, as in GraphQL, 403 alike).
    const unknown = [
      `/exports/sessions/${toGlobalId('WebinarSession', 999_999)}/attendance.csv`,
      `/exports/sessions/not-an-id/eligibility.csv`,
      `/exports/cohorts/${toGlobalId('Cohort', 999_999)}/eligibility.xlsx`,
      `/exports/certificates.csv?issuer=NO-SUCH&year=2025`,
      '/exports/institutions/NO-SUCH/learning-hours.csv?year=2025',
    ];
    for (const path of unknown) expect((await get(path, w.tokens.superadmin)).status, path).toBe(404);
    expect((await get(unknown[0], w.tokens.rightAdmin)).status).toBe(403);
    expect((await get('/exports/institutions/PEMPROV-JATIM/learning-hours.csv?year=soon')).status).toBe(400);
  });

  it('records every export in the audit log', async () => {
    const before = await n("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'export%'");
    await csv(`/exports/sessions/${session()}/attendance.csv`);
    await xlsx(`/exports/institutions/PEMPROV-JATIM/learning-hours.xlsx?year=${activityYear}`);
    expect(await n("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'export%'")).toBe(before + 2);
    const last = await one<{ action: string; actor: string; summary: string }>("SELECT action, actor, summary FROM audit_log WHERE action LIKE 'export%' ORDER BY id DESC LIMIT 1");
    expect(last).toMatchObject({ action: 'exportLearningHours', summary: expect.stringContaining('PEMPROV-JATIM') });
  });

  it('learning hours over several pages: every learner once, by institution then name, pages spanning institutions', async () => {
    // 700 + 800 learners in two institutions of the subtree: the first page (1,000 rows) ends inside the second.
    for (const [code, count, from] of [['KAB-PROBOLINGGO', 700, 0], ['BPSDM-JATIM', 800, 700]] as const) {
      const learners = Array.from({ length: count }, (_, i) => ({ email: `halaman.${from + i}@example.id`, name: `Halaman ${String((from + i) * 7919 % 1500).padStart(4, '0')}`, employmentType: 'NON_ASN' as const }));
      expect((await w.t.app.services.learners.importLearners(SYSTEM, { institutionCode: code, learners })).ok).toBe(true);
    }
    const expected = await sqlRows<{ email: string | null; nip: string | null }>(
      w.t.app.db,
      `SELECT l.nip, l.email FROM learners l JOIN institutions i ON i.id = l.institution_id
        WHERE i.path LIKE (SELECT path FROM institutions WHERE code = 'PEMPROV-JATIM') || '%' ORDER BY i.path, l.name, l.id`,
    );
    expect(expected.length).toBeGreaterThan(1_500);
    const rows = (await csv(`/exports/institutions/PEMPROV-JATIM/learning-hours.csv?year=${activityYear}`)).slice(1);
    expect(rows.map((r) => [r[0] || null, r[1] || null])).toEqual(expected.map((e) => [e.nip, e.email]));
  });
});
