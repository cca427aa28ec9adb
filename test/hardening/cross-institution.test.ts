import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskNip } from '../../src/modules/learners/nip';
import { demoNip } from '../../src/seed/demo-people';
import type { GraphQLResponse } from '../support/app';
import { buildWorld, tableCounts, type World } from './world';

/**
 * The attacks of issue 14, over HTTP: an admin of KAB-INDRAMAYU (the wrong
 * admin) organises its own webinar and tries to reach Siti, a learner of
 * DINSOS-PROBOLINGGO (under the right admin's PEMPROV-JATIM), through
 * evidence, nested fields, suggestions and existence oracles.
 */
let w: World;
let wrong: string;
let sessionId: string;
const SITI = { name: 'Siti Nurhaliza' };

const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => e.extensions?.code);
const userErrorsOf = (r: GraphQLResponse, field: string) => (r.data?.[field]?.userErrors ?? []) as { field: string[]; code: string; message: string }[];

const record = (nip: string, token = wrong) =>
  w.t.gql(
    `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { recorded userErrors { field code message } } }`,
    { input: { sessionId, source: 'MANUAL', entries: [{ nip, minutes: 600 }] } },
    token,
  );
const importReport = (csv: string, fileName: string) =>
  w.t.gql(
    `mutation($input: ImportZoomAttendanceInput!) { importZoomAttendance(input: $input) { import { rowsMatched rowsUnmatched } userErrors { code } } }`,
    { input: { sessionId, fileName, csv } },
    wrong,
  );
const SESSION_READ = `query { webinarSession(seriesCode: "IDM", number: 1) {
  attendances { edges { node { minutes learner { FIELDS } } } }
  unmatchedAttendance { edges { node { displayName suggestedLearners { name nip } } } } } }`;
const readLearnerAs = (fields: string, token = wrong) => w.t.gql(SESSION_READ.replace('FIELDS', fields), {}, token);

beforeAll(async () => {
  w = await buildWorld();
  wrong = w.tokens.wrongAdmin!;
  const ok = (r: GraphQLResponse, field: string) => {
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect(r.data![field].userErrors).toEqual([]);
    return r.data![field];
  };
  ok(await w.t.gql('mutation($i: CreateWebinarSeriesInput!) { createWebinarSeries(input: $i) { userErrors { code } } }', { i: { code: 'IDM', title: 'Webinar Indramayu', organizerCode: 'KAB-INDRAMAYU' } }, wrong), 'createWebinarSeries');
  ok(
    await w.t.gql(
      'mutation($i: DefineCertificateRuleInput!) { defineCertificateRule(input: $i) { userErrors { code } } }',
      { i: { code: 'IDM', name: 'Hadir', institutionCode: 'KAB-INDRAMAYU', criteria: [{ kind: 'ATTENDANCE_MINUTES', threshold: 1 }] } },
      wrong,
    ),
    'defineCertificateRule',
  );
  const scheduled = ok(
    await w.t.gql(
      'mutation($i: ScheduleWebinarSessionInput!) { scheduleWebinarSession(input: $i) { session { id } userErrors { code } } }',
      { i: { seriesCode: 'IDM', number: 1, title: 'Sesi 1', startsAt: '2025-03-04T09:00:00+07:00', endsAt: '2025-03-04T11:00:00+07:00', jp: 50, certificateRuleCode: 'IDM' } },
      wrong,
    ),
    'scheduleWebinarSession',
  );
  sessionId = scheduled.session.id;
}, 120_000);
afterAll(() => w.t.close());

describe('evidence: an organiser records only for its own learners and those who registered', () => {
  it('refuses attendance for another institution’s learner exactly like an unknown NIP, and writes nothing', async () => {
    const before = await tableCounts(w.t);
    const theirs = userErrorsOf(await record(w.learnerNip), 'recordAttendance');
    const unknown = userErrorsOf(await record('199901012020011099'), 'recordAttendance');
    expect(theirs.map((e) => e.code)).toEqual(['FORBIDDEN']);
    expect(unknown.map((e) => e.code)).toEqual(['FORBIDDEN']);
    expect(theirs[0].message.replace(w.learnerNip, 'N')).toBe(unknown[0].message.replace('199901012020011099', 'N'));
    expect(await tableCounts(w.t)).toEqual(before);
  });

  it('leaves her Zoom row unmatched, proposes nobody from outside, and grants her no JP', async () => {
    const csv = ['Name (original name),User email,Join time,Leave time,Duration (minutes)', `${SITI.name},siti.nurhaliza@dinsos.probolinggokab.go.id,03/04/2025 09:00:00 AM,03/04/2025 11:00:00 AM,120`].join('\n');
    const imported = (await importReport(csv, 'before.csv')).data!.importZoomAttendance;
    expect(imported).toMatchObject({ userErrors: [], import: { rowsMatched: 0, rowsUnmatched: 1 } });
    const read = await readLearnerAs('name');
    expect(read.data!.webinarSession.attendances.edges).toEqual([]);
    expect(read.data!.webinarSession.unmatchedAttendance.edges).toEqual([{ node: { displayName: SITI.name, suggestedLearners: [] } }]);
    const issued = await w.t.gql('mutation($i: IssueCertificatesInput!) { issueCertificates(input: $i) { issuedCount userErrors { code } } }', { i: { sessionId } }, wrong);
    expect(issued.data!.issueCertificates).toEqual({ issuedCount: 0, userErrors: [] });
  });

  it('reaches her once she registers herself, and her institution sees it in its audit log', async () => {
    const registered = await w.t.gql(
      'mutation($i: RegisterForWebinarSessionInput!) { registerForWebinarSession(input: $i) { registered userErrors { code } } }',
      { i: { sessionId } },
      w.tokens.learner,
    );
    expect(registered.data!.registerForWebinarSession).toEqual({ registered: 1, userErrors: [] });
    expect(userErrorsOf(await record(w.learnerNip), 'recordAttendance')).toEqual([]);
    const audit = await w.t.gql('{ auditLog(first: 100) { edges { node { action } } } }', {}, w.tokens.rightAdmin);
    expect(audit.data!.auditLog.edges.map((e: { node: { action: string } }) => e.node.action)).toContain('registerForWebinarSession');
  });

  it('lets an admin register only learners it manages', async () => {
    const r = await w.t.gql(
      'mutation($i: RegisterForWebinarSessionInput!) { registerForWebinarSession(input: $i) { registered userErrors { field code } } }',
      { i: { sessionId, nips: [demoNip(1)] } },
      wrong,
    );
    expect(r.data!.registerForWebinarSession).toEqual({ registered: null, userErrors: [{ field: ['nips', '0'], code: 'FORBIDDEN' }] });
  });
});

describe('nested learner paths: an organiser sees a registered outsider’s name and masked NIP, nothing else', () => {
  it('masks the NIP on the attendance list', async () => {
    const r = await readLearnerAs('name nip');
    expect(r.errors).toBeUndefined();
    expect(r.data!.webinarSession.attendances.edges).toEqual([{ node: { minutes: 600, learner: { name: SITI.name, nip: maskNip(w.learnerNip) } } }]);
  });

  it.each([
    'email',
    'employmentType',
    'institution { code }',
    'position { code }',
    'enrollments { totalCount edges { node { cohort { code } } } }',
    'competencyProfile { requiredLevel currentLevel }',
    'certificates { totalCount }',
    'learningHours(year: 2025) { earnedJp }',
    'attendances { totalCount }',
  ])('answers FORBIDDEN for %s', async (fields) => {
    const r = await readLearnerAs(fields);
    expect(codes(r)).toContain('FORBIDDEN');
    expect(JSON.stringify(r.data)).not.toContain('DINSOS');
    expect(JSON.stringify(r.data)).not.toContain('@');
  });

  it('shows the same through the certificate it issued her', async () => {
    const issued = await w.t.gql(
      'mutation($i: IssueCertificatesInput!) { issueCertificates(input: $i) { issued { number learner { name nip } } userErrors { code } } }',
      { i: { sessionId } },
      wrong,
    );
    const [certificate] = issued.data!.issueCertificates.issued;
    expect(certificate.learner).toEqual({ name: SITI.name, nip: maskNip(w.learnerNip) });
    const detail = await w.t.gql('query($n: String!) { certificate(number: $n) { learner { name learningHours(year: 2025) { earnedJp } } } }', { n: certificate.number }, wrong);
    expect(codes(detail)).toEqual(['FORBIDDEN']);
    // Her own institution still sees all of her, and the JP.
    const own = await w.t.gql('query($n: String!) { learner(nip: $n) { email learningHours(year: 2025) { entries { jp certificate { number } } } } }', { n: w.learnerNip }, w.tokens.rightAdmin);
    expect(own.errors).toBeUndefined();
    expect(own.data!.learner.learningHours.entries).toContainEqual({ jp: 50, certificate: { number: certificate.number } });
  });

  it('lets the right admin and the learner herself read everything', async () => {
    for (const token of [w.tokens.rightAdmin, w.tokens.learner]) {
      const r = await w.t.gql('query($n: String!) { learner(nip: $n) { nip email enrollments { totalCount } competencyProfile { requiredLevel } } }', { n: w.learnerNip }, token);
      expect(r.errors).toBeUndefined();
      expect(r.data!.learner.nip).toBe(w.learnerNip);
    }
  });
});

describe('existence oracles: out of scope and missing answer alike', () => {
  const same = (a: GraphQLResponse, b: GraphQLResponse) => {
    expect(codes(a)).toEqual(['FORBIDDEN']);
    expect(codes(b)).toEqual(codes(a));
    expect(b.errors![0].message).toBe(a.errors![0].message);
    expect(b.data).toEqual(a.data);
  };

  it('learner(nip:)', async () => {
    const q = 'query($n: String!) { learner(nip: $n) { name } }';
    same(await w.t.gql(q, { n: w.learnerNip }, wrong), await w.t.gql(q, { n: '199901012020011099' }, wrong));
  });

  it('certificate(number:)', async () => {
    const q = 'query($n: String!) { certificate(number: $n) { number } }';
    same(await w.t.gql(q, { n: w.certificateNumber }, wrong), await w.t.gql(q, { n: 'BPSDM-JATIM/NONE/2024/999999' }, wrong));
  });

  it('createApiToken for a learner', async () => {
    const q = 'mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token userErrors { code } } }';
    same(await w.t.gql(q, { i: { name: 'x', role: 'LEARNER', nip: w.learnerNip } }, wrong), await w.t.gql(q, { i: { name: 'x', role: 'LEARNER', nip: '199901012020011099' } }, wrong));
  });
});

describe('FORBIDDEN is a top-level error with extensions.code, never a userError', () => {
  it.each([
    ['createWebinarSeries', 'mutation { createWebinarSeries(input: { code: "X1", title: "X", organizerCode: "BPSDM-JATIM" }) { userErrors { code } } }'],
    ['scheduleWebinarSession', 'mutation { scheduleWebinarSession(input: { seriesCode: "MITK", number: 900, title: "X", startsAt: "2027-01-01T09:00:00+07:00", endsAt: "2027-01-01T10:00:00+07:00", jp: 1 }) { userErrors { code } } }'],
    ['createInstitution', 'mutation { createInstitution(input: { code: "X2", name: "X", kind: GOVERNMENT_UNIT, parentCode: "KAB-PROBOLINGGO" }) { userErrors { code } } }'],
    ['defineCertificateRule', 'mutation { defineCertificateRule(input: { code: "X3", name: "X", institutionCode: "BPSDM-JATIM", criteria: [{ kind: ATTENDANCE_MINUTES, threshold: 1 }] }) { userErrors { code } } }'],
  ])('%s', async (field, query) => {
    const r = await w.t.gql(query, {}, wrong);
    expect(codes(r)).toEqual(['FORBIDDEN']);
    expect(r.data?.[field] ?? null).toBeNull();
  });

  it('revokeCertificate', async () => {
    const r = await w.t.gql('mutation($n: String!) { revokeCertificate(input: { number: $n, reason: "x" }) { userErrors { code } } }', { n: w.certificateNumber }, wrong);
    expect(codes(r)).toEqual(['FORBIDDEN']);
  });
});
