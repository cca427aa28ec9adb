import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { sqlCount } from '../../support/sql';
import { maskNip } from '../../../src/modules/learners/nip';

/**
 * Session 41 runs 09:00-12:00 WIB (180 minutes, 3 JP). Rule MITK: attend at
 * least 50% (90 min), score 70+ on the post-test, submit the evaluation.
 */
const NIP = {
  ani: '198501012010012001',
  budi: '198602022011011002',
  citra: '198703032012012003',
  dedi: '198804042013011004',
};

let t: TestApp;
let jatim: string;
let sessionId: string;
let postTestId: string;
let evaluationId: string;

beforeAll(async () => {
  // A real read pool: parsing and judging run in a worker thread on the database file.
  t = await startTestApp({ READ_WORKERS: '1' });
  for (const input of [
    { code: 'PEMPROV-JATIM', name: 'Pemprov Jawa Timur', kind: 'LOCAL_GOVERNMENT' as const },
    { code: 'BPSDM-JATIM', name: 'BPSDM Jawa Timur', kind: 'TRAINING_AGENCY' as const, parentCode: 'PEMPROV-JATIM' },
    { code: 'DINSOS', name: 'Dinas Sosial', kind: 'GOVERNMENT_UNIT' as const, parentCode: 'PEMPROV-JATIM' },
    { code: 'KOTA-KUPANG', name: 'Kota Kupang', kind: 'LOCAL_GOVERNMENT' as const },
  ]) {
    const r = await t.app.services.institutions.create(SYSTEM, input);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
  }
  await t.app.services.learners.importLearners(SYSTEM, {
    institutionCode: 'DINSOS',
    learners: [
      { nip: NIP.ani, name: 'Ani Rahayu', employmentType: 'PNS' },
      { nip: NIP.budi, name: 'Budi Santoso', employmentType: 'PNS' },
      { nip: NIP.citra, name: 'Citra Lestari', employmentType: 'PNS' },
      { nip: NIP.dedi, name: 'Dedi Kurniawan', employmentType: 'PNS' },
    ],
  });
  jatim = await t.token('INSTITUTION_ADMIN', { institutionCode: 'BPSDM-JATIM' });
  const as = <T>(r: { data?: T; errors?: unknown }) => dataOf(r as never) as any;
  as(
    await t.gql(
      op('DefineCertificateRule'),
      {
        input: {
          code: 'MITK',
          name: 'Sertifikat e-learning MITK',
          criteria: [
            { kind: 'ATTENDANCE_PERCENT', threshold: 50 },
            { kind: 'ASSESSMENT_SCORE', threshold: 70, assessmentKind: 'POST_TEST' },
            { kind: 'ASSESSMENT_SUBMITTED', assessmentKind: 'EVALUATION' },
          ],
        },
      },
      jatim,
    ),
  );
  as(await t.gql(op('CreateWebinarSeries'), { input: { code: 'MITK', title: 'Menuju Indonesia Tanpa Kemiskinan', organizerCode: 'BPSDM-JATIM' } }, jatim));
  const scheduled = as(
    await t.gql(
      op('ScheduleWebinarSession'),
      {
        input: {
          seriesCode: 'MITK',
          number: 41,
          title: 'Kolaborasi untuk Perubahan',
          startsAt: '2024-10-24T09:00:00+07:00',
          endsAt: '2024-10-24T12:00:00+07:00',
          jp: 3,
          certificateRuleCode: 'MITK',
        },
      },
      jatim,
    ),
  );
  expect(scheduled.scheduleWebinarSession.userErrors).toEqual([]);
  sessionId = scheduled.scheduleWebinarSession.session.id;
  // BPSDM organises, the learners belong to DINSOS: their own admin registers them, which lets BPSDM record their evidence.
  const dinsos = await t.token('INSTITUTION_ADMIN', { institutionCode: 'DINSOS' });
  const registered = as(
    await t.gql(
      'mutation($input: RegisterForWebinarSessionInput!) { registerForWebinarSession(input: $input) { registered userErrors { code } } }',
      { input: { sessionId, nips: Object.values(NIP) } },
      dinsos,
    ),
  );
  expect(registered.registerForWebinarSession).toEqual({ registered: 4, userErrors: [] });
  const attendance = as(
    await t.gql(
      op('RecordAttendance'),
      {
        input: {
          sessionId,
          source: 'FORM',
          entries: [
            { nip: NIP.ani, minutes: 170 },
            { nip: NIP.budi, minutes: 100 },
            { nip: NIP.citra, minutes: 40 },
          ],
        },
      },
      jatim,
    ),
  );
  expect(attendance.recordAttendance.userErrors).toEqual([]);
  const post = as(await t.gql(op('CreateAssessment'), { input: { sessionId, kind: 'POST_TEST', title: 'Post-test', maxScore: 100, passingScore: 60 } }, jatim));
  postTestId = post.createAssessment.assessment.id;
  const evaluation = as(await t.gql(op('CreateAssessment'), { input: { sessionId, kind: 'EVALUATION', title: 'Evaluasi', maxScore: 5 } }, jatim));
  evaluationId = evaluation.createAssessment.assessment.id;
  const scores = as(
    await t.gql(
      op('RecordAssessmentScores'),
      { input: { assessmentId: postTestId, scores: [{ nip: NIP.ani, score: 85 }, { nip: NIP.budi, score: 65 }, { nip: NIP.citra, score: 90 }] } },
      jatim,
    ),
  );
  expect(scores.recordAssessmentScores).toEqual({ recorded: 3, userErrors: [] });
  as(await t.gql(op('RecordAssessmentScores'), { input: { assessmentId: evaluationId, scores: [{ nip: NIP.ani, score: 4 }, { nip: NIP.budi, score: 5 }, { nip: NIP.dedi, score: 3 }] } }, jatim));
});
afterAll(() => t.close());

const eligibility = async (eligible?: boolean) =>
  dataOf(await t.gql(op('SessionEligibility'), { seriesCode: 'MITK', number: 41, eligible }, jatim)).webinarSession;
const issue = (input: Record<string, unknown>, token = jatim) => t.gql(op('IssueCertificates'), { input }, token);
const hours = async (nip: string, year = 2024) =>
  dataOf(await t.gql('query($nip: String!, $year: Int!) { learner(nip: $nip) { learningHours(year: $year) { earnedJp remainingJp targetJp onTrack entries { jp title certificate { number } } } } }', { nip, year })).learner
    .learningHours;

describe('assessment scores', () => {
  it('refuses a score outside 0..maxScore and unknown learners, writing nothing', async () => {
    const r = dataOf(
      await t.gql(op('RecordAssessmentScores'), { input: { assessmentId: postTestId, scores: [{ nip: NIP.dedi, score: 101 }, { nip: '199001012015011999', score: 50 }] } }, jatim),
    );
    expect(r.recordAssessmentScores.userErrors).toEqual([
      expect.objectContaining({ field: ['scores', '0', 'score'], code: 'OUT_OF_RANGE' }),
      expect.objectContaining({ field: ['scores', '1', 'nip'], code: 'FORBIDDEN' }),
    ]);
    expect(await sqlCount(t.app.db, 'SELECT count(*) AS n FROM assessment_scores')).toBe(6);
  });

  it('refuses passingScore above maxScore and a subject outside your scope', async () => {
    const r = dataOf(await t.gql(op('CreateAssessment'), { input: { sessionId, kind: 'PRE_TEST', title: 'Pre', maxScore: 10, passingScore: 11 } }, jatim));
    expect(r.createAssessment.userErrors).toEqual([expect.objectContaining({ field: ['passingScore'], code: 'OUT_OF_RANGE' })]);
    const kupang = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KOTA-KUPANG' });
    const other = await t.gql(op('CreateAssessment'), { input: { sessionId, kind: 'PRE_TEST', title: 'Pre', maxScore: 10 } }, kupang);
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('eligibility', () => {
  it('lists everyone with attendance or a score, explained per criterion', async () => {
    const session = await eligibility();
    expect(session.certificateRule).toEqual({ code: 'MITK', version: 1 });
    const byName = Object.fromEntries(session.eligibility.edges.map((e: any) => [e.node.learner.name, e.node]));
    expect(session.eligibility.totalCount).toBe(4);
    expect(byName['Ani Rahayu'].eligible).toBe(true);
    expect(byName['Ani Rahayu'].criteria).toEqual([
      { kind: 'ATTENDANCE_PERCENT', met: true, actual: 94.4, required: 50, reason: expect.stringContaining('94.4%') },
      { kind: 'ASSESSMENT_SCORE', met: true, actual: 85, required: 70, reason: expect.stringContaining('85') },
      { kind: 'ASSESSMENT_SUBMITTED', met: true, actual: 1, required: 1, reason: expect.any(String) },
    ]);
    expect(byName['Budi Santoso']).toMatchObject({ eligible: false, criteria: [{ met: true }, { met: false, actual: 65, required: 70 }, { met: true }] });
    expect(byName['Citra Lestari']).toMatchObject({ eligible: false, criteria: [{ met: false, actual: 22.2 }, { met: true }, { met: false, actual: 0 }] });
    expect(byName['Dedi Kurniawan']).toMatchObject({ eligible: false, criteria: [{ met: false, actual: 0 }, { met: false, actual: 0 }, { met: true }] });
    expect(byName['Ani Rahayu'].certificate).toBeNull();

    const onlyEligible = await eligibility(true);
    expect(onlyEligible.eligibility.edges.map((e: any) => e.node.learner.nip)).toEqual([maskNip(NIP.ani)]);
    expect(onlyEligible.eligibility.totalCount).toBe(1);
  });

  it('pages by name with stable cursors', async () => {
    const first = dataOf(await t.gql(op('SessionEligibility'), { seriesCode: 'MITK', number: 41, first: 3 }, jatim)).webinarSession.eligibility;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = dataOf(await t.gql(op('SessionEligibility'), { seriesCode: 'MITK', number: 41, first: 3, after: first.pageInfo.endCursor }, jatim))
      .webinarSession.eligibility;
    expect([...first.edges, ...rest.edges].map((e: any) => e.node.learner.name)).toEqual(['Ani Rahayu', 'Budi Santoso', 'Citra Lestari', 'Dedi Kurniawan']);
  });

  it('is hidden from admins of other institutions', async () => {
    const kupang = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KOTA-KUPANG' });
    const r = await t.gql(op('SessionEligibility'), { seriesCode: 'MITK', number: 41 }, kupang);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(r.data ?? {})).not.toContain('Ani');
  });
});

describe('issueCertificates', () => {
  it('reports a dry run without writing', async () => {
    const r = dataOf(await issue({ sessionId, dryRun: true }));
    expect(r.issueCertificates).toMatchObject({ dryRun: true, issuedCount: 1, alreadyIssuedCount: 0, ineligibleCount: 3, issued: [], userErrors: [] });
    expect(await sqlCount(t.app.db, 'SELECT count(*) AS n FROM certificates')).toBe(0);
  });

  it('refuses issuers outside the organiser', async () => {
    const kupang = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KOTA-KUPANG' });
    expect((await issue({ sessionId }, kupang)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const r = dataOf(await issue({}));
    expect(r.issueCertificates.userErrors).toEqual([expect.objectContaining({ code: 'INVALID' })]);
  });

  it('issues once, even when two calls race, and JP count for the activity year', async () => {
    expect((await hours(NIP.ani)).earnedJp).toBe(0);
    const [a, b] = await Promise.all([issue({ sessionId }), issue({ sessionId })]);
    const issued = [dataOf(a).issueCertificates, dataOf(b).issueCertificates];
    expect(issued.map((x) => x.issuedCount).sort()).toEqual([0, 1]);
    expect(issued.map((x) => x.alreadyIssuedCount).sort()).toEqual([0, 1]);
    const cert = issued.find((x) => x.issuedCount === 1)!.issued[0];
    expect(cert).toMatchObject({ learner: { nip: maskNip(NIP.ani) }, jp: 3 });
    expect(cert.number).toMatch(/^BPSDM-JATIM\/MITK-41\/\d{4}\/000001$/);
    expect(Buffer.from(cert.verificationCode, 'base64url').length).toBeGreaterThanOrEqual(16);

    const again = dataOf(await issue({ sessionId })).issueCertificates;
    expect(again).toMatchObject({ issuedCount: 0, alreadyIssuedCount: 1 });
    expect(await sqlCount(t.app.db, 'SELECT count(*) AS n FROM certificates')).toBe(1);

    const h = await hours(NIP.ani);
    expect(h).toMatchObject({ earnedJp: 3, targetJp: 20, remainingJp: 17, onTrack: false });
    expect(h.entries).toEqual([{ jp: 3, title: 'Kolaborasi untuk Perubahan', certificate: { number: cert.number } }]);
    expect((await hours(NIP.ani, 2025)).earnedJp).toBe(0);

    const detail = dataOf(await t.gql(op('CertificateDetail'), { number: cert.number }, jatim)).certificate;
    expect(detail).toMatchObject({ status: 'VALID', jp: 3, learner: { nip: maskNip(NIP.ani) }, issuer: { code: 'BPSDM-JATIM' }, rule: { code: 'MITK', version: 1 } });
    const verified = dataOf(await t.gql(op('VerifyCertificate'), { code: cert.verificationCode }, null)).verifyCertificate;
    expect(verified).toMatchObject({ valid: true, status: 'VALID', number: cert.number, holderName: 'Ani Rahayu', holderNipMasked: '**************2001', jp: 3 });
  });

  it('keeps the judging rule version after the rule changes', async () => {
    dataOf(await t.gql(op('DefineCertificateRule'), { input: { code: 'MITK', name: 'Stricter', criteria: [{ kind: 'ATTENDANCE_MINUTES', threshold: 100 }] } }, jatim));
    const session = await eligibility();
    expect(session.certificateRule).toEqual({ code: 'MITK', version: 2 });
    const budi = session.eligibility.edges.find((e: any) => e.node.learner.nip === maskNip(NIP.budi)).node;
    expect(budi).toMatchObject({ eligible: true, criteria: [{ kind: 'ATTENDANCE_MINUTES', actual: 100, required: 100, met: true }] });
    const issued = dataOf(await issue({ sessionId })).issueCertificates;
    expect(issued).toMatchObject({ issuedCount: 1, alreadyIssuedCount: 1, issued: [{ learner: { nip: maskNip(NIP.budi) } }] });
    expect(issued.issued[0].number).toMatch(/000002$/);
    const first = session.eligibility.edges.find((e: any) => e.node.learner.nip === maskNip(NIP.ani)).node.certificate;
    const detail = dataOf(await t.gql(op('CertificateDetail'), { number: first.number }, jatim)).certificate;
    expect(detail.rule).toEqual({ code: 'MITK', version: 1 });
  });

  it('revokes with a reason: JP drop, verification says REVOKED, and reissuing gives a new number', async () => {
    // A missing number answers a scoped admin like one outside its scope; the superadmin, who sees everything, gets null.
    expect((await t.gql(op('CertificateDetail'), { number: 'none' }, jatim)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(dataOf(await t.gql(op('CertificateDetail'), { number: 'none' })).certificate).toBeNull();
    const ani = (await eligibility()).eligibility.edges.find((e: any) => e.node.learner.nip === maskNip(NIP.ani)).node.certificate.number;
    const revoked = dataOf(await t.gql(op('RevokeCertificate'), { input: { number: ani, reason: 'Kehadiran tidak sah' } }, jatim)).revokeCertificate;
    expect(revoked.certificate).toMatchObject({ number: ani, status: 'REVOKED', revocationReason: 'Kehadiran tidak sah' });
    expect(revoked.certificate.revokedAt).toBeTruthy();
    expect((await hours(NIP.ani)).earnedJp).toBe(0);
    const code = dataOf(await t.gql(op('CertificateDetail'), { number: ani }, jatim)).certificate.verificationCode;
    expect(dataOf(await t.gql(op('VerifyCertificate'), { code }, null)).verifyCertificate).toMatchObject({
      valid: false,
      status: 'REVOKED',
      revocationReason: 'Kehadiran tidak sah',
    });
    const twice = dataOf(await t.gql(op('RevokeCertificate'), { input: { number: ani, reason: 'again' } }, jatim)).revokeCertificate;
    expect(twice.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_REVOKED' })]);

    // The current rule (v2, 100 minutes) still admits Ani: a new certificate, a new number.
    const reissued = dataOf(await issue({ sessionId })).issueCertificates;
    expect(reissued.issuedCount).toBe(1);
    expect(reissued.issued[0].number).not.toBe(ani);
    expect(reissued.issued[0].number).toMatch(/000003$/);
    expect((await hours(NIP.ani)).earnedJp).toBe(3);
  });
});

describe('institution dashboard', () => {
  it('sums the subtree set-based and orders learners by earned JP', async () => {
    const r = dataOf(await t.gql(op('InstitutionDashboard'), { code: 'PEMPROV-JATIM', year: 2024 }));
    expect(r.institution.progressSummary).toEqual({
      year: 2024,
      learnerCount: 4,
      learnersMeetingTarget: 0,
      totalJp: 6,
      averageJp: 1.5,
      certificatesIssued: 2,
    });
    const rows = r.institution.learners.edges.map((e: any) => [e.node.name, e.node.learningHours.earnedJp, e.node.learningHours.remainingJp]);
    expect(rows).toEqual([
      ['Citra Lestari', 0, 20],
      ['Dedi Kurniawan', 0, 20],
      ['Ani Rahayu', 3, 17],
      ['Budi Santoso', 3, 17],
    ]);
    const jatimAdmin = await t.gql(op('InstitutionDashboard'), { code: 'PEMPROV-JATIM', year: 2024 }, jatim);
    expect(jatimAdmin.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('honours an institution target and counts learners who meet it', async () => {
    await t.app.services.institutions.create(SYSTEM, { code: 'UPT-KECIL', name: 'UPT', kind: 'GOVERNMENT_UNIT', targetJp: 3 });
    await t.app.services.learners.importLearners(SYSTEM, {
      institutionCode: 'UPT-KECIL',
      learners: [{ nip: NIP.ani, name: 'Ani Rahayu', employmentType: 'PNS' }],
    });
    const summary = dataOf(await t.gql('{ institution(code: "UPT-KECIL") { progressSummary(year: 2024) { learnerCount learnersMeetingTarget totalJp } } }')).institution.progressSummary;
    expect(summary).toEqual({ learnerCount: 1, learnersMeetingTarget: 1, totalJp: 3 });
    expect(await hours(NIP.ani)).toMatchObject({ targetJp: 3, remainingJp: 0, onTrack: true });
  });
});

describe('learner portal', () => {
  it('shows a learner their year, wallet and attendance with eligibility, and nobody else', async () => {
    const ani = await t.token('LEARNER', { nip: NIP.ani });
    const progress = dataOf(await t.gql(op('MyProgress'), { year: 2024 }, ani)).viewer;
    expect(progress.role).toBe('LEARNER');
    expect(progress.learner).toMatchObject({ nip: NIP.ani, employmentType: 'PNS' });
    expect(progress.learner.learningHours).toMatchObject({ year: 2024, targetJp: 3, earnedJp: 3, remainingJp: 0, onTrack: true });
    expect(progress.learner.learningHours.bySource).toEqual(
      expect.arrayContaining([{ source: 'WEBINAR', jp: 3 }, { source: 'CURRICULUM', jp: 0 }]),
    );

    const wallet = dataOf(await t.gql(op('MyCertificates'), {}, ani)).viewer.learner.certificates;
    expect(wallet.totalCount).toBe(2);
    expect(wallet.edges.map((e: any) => e.node.status)).toEqual(['VALID', 'REVOKED']);
    expect(wallet.edges[0].node.subject).toEqual({
      __typename: 'WebinarSession',
      number: 41,
      title: 'Kolaborasi untuk Perubahan',
      series: { code: 'MITK', title: 'Menuju Indonesia Tanpa Kemiskinan' },
    });
    expect(dataOf(await t.gql(op('MyCertificates'), { year: 2023 }, ani)).viewer.learner.certificates.totalCount).toBe(0);

    const attendance = dataOf(await t.gql(op('MyAttendance'), {}, ani)).viewer.learner.attendances.edges;
    expect(attendance).toHaveLength(1);
    expect(attendance[0].node).toMatchObject({
      minutes: 170,
      source: 'FORM',
      session: { number: 41, jp: 3, series: { code: 'MITK' } },
      eligibility: { eligible: true, criteria: [{ kind: 'ATTENDANCE_MINUTES', actual: 170, required: 100, met: true }], certificate: { status: 'VALID' } },
    });

    const other = await t.gql(op('LearnerProgress'), { nip: NIP.budi, year: 2024 }, ani);
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(other.data?.learner ?? null).toBeNull();
    const own = dataOf(await t.gql(op('LearnerProgress'), { nip: NIP.ani, year: 2024 }, ani)).learner;
    expect(own.learningHours.entries).toEqual([expect.objectContaining({ source: 'WEBINAR', jp: 3, earnedAt: '2024-10-24' })]);
  });

  it('publishes a verification page, a PDF and a credential that verifies against the JWKS', async () => {
    const { createRemoteJWKSet, jwtVerify } = await import('jose');
    const ani = await t.token('LEARNER', { nip: NIP.ani });
    const wallet = dataOf(await t.gql(op('MyCertificates'), {}, ani)).viewer.learner.certificates.edges;
    const valid = wallet[0].node;
    const detail = dataOf(await t.gql(op('CertificateDetail'), { number: valid.number }, ani)).certificate;
    expect(detail.verificationUrl).toBe(valid.verificationUrl);
    // Links are built from PUBLIC_BASE_URL; the test server listens on a port chosen at start.
    const base = t.url.replace('/graphql', '');
    const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, base);
    expect(detail.verificationUrl).toMatch(new RegExp(`/certificates/${detail.verificationCode}$`));
    expect(detail.pdfUrl).toMatch(new RegExp(`/certificates/${detail.verificationCode}\\.pdf$`));
    const page = await fetch(local(detail.verificationUrl));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(valid.number);
    expect(html).toContain('Ani Rahayu');
    expect(html).not.toContain(NIP.ani);
    const pdf = await fetch(local(detail.pdfUrl));
    expect(pdf.headers.get('content-type')).toMatch(/application\/pdf/);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    const jwks = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(detail.credential, jwks);
    expect(payload).toMatchObject({ type: ['VerifiableCredential', 'OpenBadgeCredential'], id: detail.verificationUrl });

    const revoked = wallet[1].node;
    const revokedPage = await (await fetch(local(revoked.verificationUrl))).text();
    expect(revokedPage).toMatch(/DICABUT/);
  });
});
