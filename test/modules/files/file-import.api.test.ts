import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import { statement } from '../../../src/db/statement';
import { toGlobalId } from '../../../src/graphql/node';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { op } from '../../support/contract';
import { PEOPLE, registerPeople, scheduleSession41, seedPeople } from '../webinars/setup';
import { sqlCount, sqlRow } from '../../support/sql';
import { xlsxBase64 } from './files';

let t: TestApp;
let sessionId: string;
let sessionRowId: number;
let assessmentId: string;
let assessmentRowId: number;
/** Organiser's admin (BPSDM-JATIM): the people are registered for its session, not its own. */
let organizer: string;
/** Admin of the people's own institution. */
let kabAdmin: string;

const BOM = '\uFEFF';
const NEW_NIP = '197803152005011002';
const OTHER_NIP = '198812122014022001';

beforeAll(async () => {
  // A real read pool: parsing and judging run in a worker thread on the database file.
  t = await startTestApp({ READ_WORKERS: '1' });
  const { services } = t.app;
  await seedPeople(services);
  sessionRowId = await scheduleSession41(services);
  sessionId = toGlobalId('WebinarSession', sessionRowId);
  await registerPeople(services, sessionRowId);
  const assessment = await services.assessments.create(SYSTEM, { subject: { type: 'SESSION', id: sessionRowId }, kind: 'POST_TEST', title: 'Post-test', maxScore: 100 });
  if (!assessment.ok) throw new Error('assessment');
  assessmentRowId = assessment.value.id;
  assessmentId = toGlobalId('Assessment', assessmentRowId);
  organizer = await t.token('INSTITUTION_ADMIN', { institutionCode: 'BPSDM-JATIM' });
  kabAdmin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB-PROBOLINGGO' });
});
afterAll(() => t.close());

const cancelSession = statement<[number, number]>('UPDATE webinar_sessions SET cancelled_at = ? WHERE id = ?');
const count = (sql: string, ...params: unknown[]) => sqlCount(t.app.db, sql, ...params);

const learnersFile = (content: string, format = 'CSV', token = kabAdmin, institutionCode = 'KAB-PROBOLINGGO') =>
  t.gql(op('ImportLearnersFile'), { input: { institutionCode, fileName: 'pegawai.csv', format, content } }, token);
/** The contract's operation, also asking for the problems (the contract's client reads the lines from the userError). */
const IMPORT_FORM = op('ImportAttendanceForm').replace('userErrors {', 'problems { line field message } userErrors {');
const formFile = (content: string, format = 'CSV', token = organizer, into = sessionId) =>
  t.gql(IMPORT_FORM, { input: { sessionId: into, fileName: 'presensi-youtube.csv', format, content } }, token);
const scoresFile = (content: string, format = 'CSV', token = organizer) =>
  t.gql(op('ImportAssessmentScoresFile'), { input: { assessmentId, fileName: 'nilai.csv', format, content } }, token);

const rejectedWith = (payload: any) => {
  expect(payload.userErrors.map((e: any) => e.code)).toEqual(['FILE_REJECTED']);
  return payload.problems.map((p: any) => [p.line, p.field]);
};

describe('importLearnersFile', () => {
  it('upserts from a semicolon CSV with a BOM and Indonesian headers; the same file again changes nothing', async () => {
    const csv = `${BOM}NIP;Nama;Email;Jenis Pegawai\r\n${NEW_NIP};Hendra Wijaya;hendra@probolinggokab.go.id;PNS\r\n;Sri Rahayu;sri.rahayu@bumdes.id;Non ASN\r\n`;
    const first = dataOf(await learnersFile(csv)).importLearnersFile;
    expect(first).toMatchObject({ created: 2, updated: 0, unchanged: 0, problems: [], userErrors: [] });
    expect(await count("SELECT count(*) AS n FROM learners WHERE nip = ? AND employment_type = 'PNS'", NEW_NIP)).toBe(1);
    expect(await count("SELECT count(*) AS n FROM learners WHERE email = 'sri.rahayu@bumdes.id' AND employment_type = 'NON_ASN'")).toBe(1);
    expect(dataOf(await learnersFile(csv)).importLearnersFile).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('reads XLSX with English headers in another order, the NIP a text cell', async () => {
    const content = await xlsxBase64([
      ['Employment type', 'Name', 'NIP', 'Email'],
      ['PNS', 'Hendra Wijaya, S.Kom', NEW_NIP, 'hendra@probolinggokab.go.id'],
      ['PPPK', 'Yuni Astuti', OTHER_NIP, null],
    ]);
    expect(dataOf(await learnersFile(content, 'XLSX')).importLearnersFile).toMatchObject({ created: 1, updated: 1, unchanged: 0, userErrors: [] });
    expect(await count("SELECT count(*) AS n FROM learners WHERE nip = ? AND name = 'Hendra Wijaya, S.Kom'", NEW_NIP)).toBe(1);
  });

  it('refuses a file with bad rows: nothing written, counts null, every bad row by line', async () => {
    const before = await count('SELECT count(*) AS n FROM learners');
    const csv = [
      'NIP,Nama,Email,Jenis Pegawai',
      '199001012015011001,Baris Baik,,PNS',
      '1.98501E+17,Angka Excel,,PNS',
      '199001012015011002,Jenis Salah,,Honorer',
      '199001012015011003,,,PNS',
      ',Tanpa Identitas,,PNS',
    ].join('\n');
    const payload = dataOf(await learnersFile(csv)).importLearnersFile;
    expect(payload).toMatchObject({ created: null, updated: null, unchanged: null });
    expect(rejectedWith(payload)).toEqual([[3, 'nip'], [4, 'employmentType'], [5, 'name'], [6, 'nip']]);
    expect(payload.problems[0].message).toMatch(/stored as a number/);
    expect(await count('SELECT count(*) AS n FROM learners')).toBe(before);
  });

  it('counts physical lines: quoted line breaks and blank lines move the lines after them', async () => {
    const csv = 'NIP,Nama,Jenis Pegawai\r\n199001012015011001,"Nama\r\nDua Baris",PNS\r\n\r\n199001012015011002,Salah,Honorer\r\n';
    expect(rejectedWith(dataOf(await learnersFile(csv)).importLearnersFile)).toEqual([[5, 'employmentType']]);
  });

  it('an 18-digit NIP in a number cell is a bad row, never a guess', async () => {
    const content = await xlsxBase64([
      ['NIP', 'Nama', 'Jenis Pegawai'],
      ['199001012015011001', 'Teks', 'PNS'],
      [199001012015011002, 'Angka', 'PNS'],
    ]);
    const payload = dataOf(await learnersFile(content, 'XLSX')).importLearnersFile;
    expect(rejectedWith(payload)).toEqual([[3, 'nip']]);
    expect(await count("SELECT count(*) AS n FROM learners WHERE name IN ('Teks', 'Angka')")).toBe(0);
  });

  it("maps the learners service's own refusals (NIP rules, duplicates) to lines", async () => {
    const csv = ['NIP\tNama\tJenis Pegawai', `${NEW_NIP}\tHendra\tPNS`, '199913012010011001\tBulan Tiga Belas\tPNS', `${NEW_NIP}\tHendra Lagi\tPNS`].join('\n');
    const payload = dataOf(await learnersFile(csv)).importLearnersFile;
    expect(rejectedWith(payload)).toEqual([[3, 'nip'], [4, 'nip']]);
    expect(await count("SELECT count(*) AS n FROM learners WHERE name = 'Hendra'")).toBe(0);
  });

  it('refuses unreadable content and a header it does not know with one userError', async () => {
    const garbage = dataOf(await learnersFile('not base64 !!', 'XLSX')).importLearnersFile;
    expect(garbage.userErrors.map((e: any) => e.code)).toEqual(['UNREADABLE']);
    const unknown = dataOf(await learnersFile('foo,bar\n1,2')).importLearnersFile;
    expect(unknown.userErrors.map((e: any) => e.code)).toEqual(['UNREADABLE']);
    const noType = dataOf(await learnersFile('NIP,Nama\n199001012015011001,X')).importLearnersFile;
    expect(noType.userErrors).toEqual([expect.objectContaining({ code: 'REQUIRED', message: expect.stringContaining('employmentType') })]);
  });

  it('refuses a workbook whose zip would inflate beyond the limit, before inflating it', async () => {
    const zip = Buffer.from(await xlsxBase64([['NIP', 'Nama', 'Jenis Pegawai'], [NEW_NIP, 'Hendra', 'PNS']]), 'base64');
    // Claim 2 GB for the first file in the zip's central directory: what a zip bomb declares.
    const entry = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(0x7fffffff, entry + 24);
    const bomb = dataOf(await learnersFile(zip.toString('base64'), 'XLSX')).importLearnersFile;
    expect(bomb.userErrors).toEqual([expect.objectContaining({ code: 'UNREADABLE', message: expect.stringContaining('expands to') })]);
    expect(await count("SELECT count(*) AS n FROM learners WHERE name = 'Hendra'")).toBe(0);
  });

  it('is for admins of the institution: others get FORBIDDEN', async () => {
    const csv = 'NIP,Nama,Jenis Pegawai\n199001012015011001,X,PNS';
    const learner = await t.token('LEARNER', { nip: PEOPLE.budi.nip });
    expect((await learnersFile(csv, 'CSV', learner)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await learnersFile(csv, 'CSV', organizer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await learnersFile(csv, 'CSV', kabAdmin, 'NO-SUCH')).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('importAttendanceForm', () => {
  const attendanceOf = (nip: string) =>
    sqlRow(t.app.db, 'SELECT a.minutes, a.source FROM session_attendance a JOIN learners l ON l.id = a.learner_id WHERE a.session_id = ? AND l.nip = ?', sessionRowId, nip);

  it('counts rows sent within [startsAt, endsAt + 2 h] as the scheduled minutes, skips the rest, keeps unknown people unmatched', async () => {
    const csv = [
      'Timestamp,NIP,Nama,Email',
      `24/10/2024 10:45:00,${PEOPLE.budi.nip},Budi Santoso,`,
      `2024-10-24 12:59:00,,Siti,${PEOPLE.siti.email.toUpperCase()}`,
      `24/10/2024 13:30:00,${PEOPLE.agus.nip},Agus Salim,`,
      '24/10/2024 08:10:00,,Terlalu Awal,rina.w@probolinggokab.go.id',
      '24/10/2024 10:00:00,196801011990031009,Tamu Tak Dikenal,',
    ].join('\n');
    const payload = dataOf(await formFile(csv)).importAttendanceForm;
    expect(payload.userErrors).toEqual([]);
    expect(payload.import).toMatchObject({ fileName: 'presensi-youtube.csv', rowsTotal: 5, rowsMatched: 2, rowsUnmatched: 1, rowsInvalid: 0, duplicate: false });
    expect(await attendanceOf(PEOPLE.budi.nip)).toEqual({ minutes: 120, source: 'FORM' });
    expect(await attendanceOf(PEOPLE.siti.nip)).toEqual({ minutes: 120, source: 'FORM' });
    expect(await attendanceOf(PEOPLE.agus.nip)).toBeUndefined();
    const { errors } = (await sqlRow<{ errors: string }>(t.app.db, 'SELECT errors FROM attendance_imports WHERE sha256 = (SELECT max(sha256) FROM attendance_imports WHERE rows_skipped = 2)'))!;
    const skipped: { line: number }[] = JSON.parse(errors).skipped;
    expect(skipped.map((s) => s.line)).toEqual([4, 5]);
    expect(await count('SELECT count(*) AS n FROM unmatched_attendance_rows WHERE session_id = ? AND nip = ? AND resolved_learner_id IS NULL', sessionRowId, '196801011990031009')).toBe(1);

    const records = await count('SELECT count(*) AS n FROM attendance_records');
    const again = dataOf(await formFile(csv)).importAttendanceForm;
    expect(again.import).toMatchObject({ id: payload.import.id, duplicate: true, rowsMatched: 2 });
    expect(await count('SELECT count(*) AS n FROM attendance_records')).toBe(records);
  });

  it('an unmatched form row, once resolved, is FORM evidence of the scheduled minutes', async () => {
    const row = (await sqlRow<{ id: number }>(t.app.db, 'SELECT id FROM unmatched_attendance_rows WHERE session_id = ? AND nip = ? AND resolved_learner_id IS NULL', sessionRowId, '196801011990031009'))!;
    const resolved = dataOf(
      await t.gql(op('ResolveUnmatchedAttendance'), { input: { rowId: toGlobalId('UnmatchedAttendanceRow', row.id), nip: PEOPLE.rina.nip } }, organizer),
    ).resolveUnmatchedAttendance;
    expect(resolved.userErrors).toEqual([]);
    expect(await attendanceOf(PEOPLE.rina.nip)).toEqual({ minutes: 120, source: 'FORM' });
  });

  it('reads XLSX with Indonesian headers and date cells in the session offset', async () => {
    // A date cell holds the wall clock: 11:30 in the session's +07:00 is inside the window.
    const content = await xlsxBase64([
      ['Stempel waktu', 'NIP', 'Nama'],
      [new Date(Date.UTC(2024, 9, 24, 11, 30)), PEOPLE.agus.nip, 'Agus Salim'],
      [new Date(Date.UTC(2024, 9, 24, 14, 0)), PEOPLE.dewi.nip, 'Dewi Lestari'],
    ]);
    const payload = dataOf(await formFile(content, 'XLSX')).importAttendanceForm;
    expect(payload.import).toMatchObject({ rowsTotal: 2, rowsMatched: 1, duplicate: false });
    expect(await attendanceOf(PEOPLE.agus.nip)).toEqual({ minutes: 120, source: 'FORM' });
    expect(await attendanceOf(PEOPLE.dewi.nip)).toBeUndefined();
  });

  it('refuses a form with bad rows: nothing written, every bad row by line', async () => {
    const imports = await count('SELECT count(*) AS n FROM attendance_imports');
    const records = await count('SELECT count(*) AS n FROM attendance_records');
    const csv = [
      'Waktu;NIP;Email',
      `24/10/2024 10:00:00;${PEOPLE.rina.nip};`,
      `kemarin;${PEOPLE.rina.nip};`,
      '24/10/2024 10:00:00;1,99505E+17;',
      '24/10/2024 10:00:00;;',
      '24/10/2024 10:00:00;;bukan-email',
    ].join('\n');
    const payload = dataOf(await formFile(csv)).importAttendanceForm;
    expect(payload.import).toBeNull();
    expect(rejectedWith(payload)).toEqual([[3, 'time'], [4, 'nip'], [5, 'nip'], [6, 'email']]);
    expect(payload.userErrors[0].message).toContain('lines 3, 4, 5, 6');
    expect(await count('SELECT count(*) AS n FROM attendance_imports')).toBe(imports);
    expect(await count('SELECT count(*) AS n FROM attendance_records')).toBe(records);
  });

  it('refuses a form for a cancelled session', async () => {
    const cancelled = await t.app.services.webinars.scheduleSession(SYSTEM, {
      seriesCode: 'MITK', number: 42, title: 'Batal', startsAt: '2024-10-25T09:00:00+07:00', endsAt: '2024-10-25T11:00:00+07:00', jp: 3,
    });
    if (!cancelled.ok) throw new Error('session');
    await t.app.db.write((tx) => cancelSession(tx).run(Date.now(), cancelled.value.id));
    const payload = dataOf(await formFile(`Timestamp,NIP\n25/10/2024 10:00:00,${PEOPLE.rina.nip}`, 'CSV', organizer, toGlobalId('WebinarSession', cancelled.value.id))).importAttendanceForm;
    expect(payload.import).toBeNull();
    expect(payload.userErrors).toEqual([expect.objectContaining({ field: ['sessionId'], code: 'INVALID' })]);
  });

  it("is for the session organiser's admins", async () => {
    const csv = `Timestamp,NIP\n24/10/2024 10:00:00,${PEOPLE.rina.nip}`;
    expect((await formFile(csv, 'CSV', kabAdmin)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const missing = dataOf(await formFile(csv, 'CSV', t.adminToken, toGlobalId('WebinarSession', 99999))).importAttendanceForm;
    expect(missing.userErrors.map((e: any) => e.code)).toEqual(['NOT_FOUND']);
  });
});

describe('importAssessmentScoresFile', () => {
  const scoreOf = async (nip: string) =>
    (await sqlRow<{ score: number }>(t.app.db, 'SELECT s.score FROM assessment_scores s JOIN learners l ON l.id = s.learner_id WHERE s.assessment_id = ? AND l.nip = ?', assessmentRowId, nip))?.score;

  it('records scores from a tab-separated CSV with a decimal comma', async () => {
    const csv = `NIP\tNilai\n${PEOPLE.budi.nip}\t85,5\n${PEOPLE.siti.nip}\t90\n`;
    expect(dataOf(await scoresFile(csv)).importAssessmentScoresFile).toMatchObject({ recorded: 2, problems: [], userErrors: [] });
    expect(await scoreOf(PEOPLE.budi.nip)).toBe(85.5);
  });

  it('records scores from XLSX with English headers, by e-mail, number cells', async () => {
    const content = await xlsxBase64([
      ['Email', 'Score'],
      [PEOPLE.agus.email, 77.25],
      [PEOPLE.mulyono.email, 60],
    ]);
    expect(dataOf(await scoresFile(content, 'XLSX')).importAssessmentScoresFile).toMatchObject({ recorded: 2, userErrors: [] });
    expect(await scoreOf(PEOPLE.agus.nip)).toBe(77.25);
  });

  it('refuses bad cells, then the service’s own refusals, by line; nothing written', async () => {
    const cells = dataOf(await scoresFile(`NIP,Nilai\n${PEOPLE.rina.nip},baik\n1.99505E+17,80\n,70`)).importAssessmentScoresFile;
    expect(cells.recorded).toBeNull();
    expect(rejectedWith(cells)).toEqual([[2, 'score'], [3, 'nip'], [4, 'nip']]);
    const service = dataOf(await scoresFile(`NIP;Nilai\n${PEOPLE.rina.nip};80\n${PEOPLE.dewi.nip};150\n196801011990031009;70`)).importAssessmentScoresFile;
    expect(rejectedWith(service)).toEqual([[3, 'score'], [4, 'nip']]);
    expect(await scoreOf(PEOPLE.rina.nip)).toBeUndefined();
  });
});
