import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANONYMOUS, SYSTEM, type Viewer } from '../../../src/auth/viewer';
import type { Services } from '../../../src/composition/services';
import type { Database } from '../../../src/db/database';
import type { InstitutionRow } from '../../../src/db/schema';
import { MAX_SCORES_PER_CALL, type NewAssessment } from '../../../src/modules/assessments/assessment.service';
import { nipOf, openServices, publishCurriculum, refusal, unwrap, viewerOf } from '../../support/services';
import { sqlCount, sqlRows } from '../../support/sql';

let db: Database;
let services: Services;
let sessionId: number;
let cohortId: number;
const inst: Record<'PEMPROV' | 'BPSDM' | 'KAB' | 'JATENG', InstitutionRow> = {} as never;
const adminOf = (code: keyof typeof inst): Viewer => viewerOf('INSTITUTION_ADMIN', { institution: inst[code] });

const NON_ASN_EMAIL = 'mulyono@bumdes.example.id';

/**
 * PEMPROV above BPSDM (which runs webinar session MITK 41) and KAB (which
 * hosts a cohort); JATENG beside them. Four learners at KAB, one without a NIP.
 */
beforeEach(async () => {
  ({ db, services } = await openServices());
  const create = async (code: keyof typeof inst, parentCode?: string) =>
    (inst[code] = unwrap(code, await services.institutions.create(SYSTEM, { code, name: code, kind: 'LOCAL_GOVERNMENT', parentCode })));
  await create('PEMPROV');
  await create('BPSDM', 'PEMPROV');
  await create('KAB', 'PEMPROV');
  await create('JATENG');
  unwrap(
    'learners',
    await services.learners.importLearners(SYSTEM, {
      institutionCode: 'KAB',
      learners: [
        ...[1, 2, 3].map((n) => ({ nip: nipOf(n), name: `ASN ${n}`, employmentType: 'PNS' as const })),
        { email: NON_ASN_EMAIL, name: 'Mulyono', employmentType: 'NON_ASN' as const },
      ],
    }),
  );
  unwrap(
    'rule',
    await services.certificateRules.define(SYSTEM, {
      code: 'POST-PASS',
      name: 'Lulus post-test',
      institutionCode: 'BPSDM',
      criteria: [{ kind: 'ASSESSMENT_SCORE', assessmentKind: 'POST_TEST' }],
    }),
  );
  unwrap('series', await services.webinars.createSeries(SYSTEM, { code: 'MITK', title: 'Menuju Indonesia Tanpa Kemiskinan', organizerCode: 'BPSDM' }));
  sessionId = unwrap(
    'session',
    await services.webinars.scheduleSession(SYSTEM, {
      seriesCode: 'MITK',
      number: 41,
      title: 'Sesi 41',
      startsAt: '2024-10-24T09:00:00+07:00',
      endsAt: '2024-10-24T11:00:00+07:00',
      jp: 2,
      certificateRuleCode: 'POST-PASS',
    }),
  ).id;
  // BPSDM organises, the learners are KAB's: registering them opens the door for BPSDM's evidence (policy.canRecordEvidence).
  unwrap('registrations', await services.registrations.register(SYSTEM, { sessionId, nips: [1, 2, 3].map(nipOf), emails: [NON_ASN_EMAIL] }));
  await publishCurriculum(services, { code: 'APK', title: 'Akademi Pengentasan Kemiskinan', ownerCode: 'KAB', modules: [{ code: 'M1', jp: 8 }] });
  const cohort = { code: 'APK-I', name: 'Angkatan I', curriculumCode: 'APK', institutionCode: 'KAB', startDate: '2025-10-01' };
  cohortId = unwrap('cohort', await services.cohorts.create(SYSTEM, cohort)).id;
});
afterEach(() => db.close());

const postTest = (): NewAssessment => ({ subject: { type: 'SESSION', id: sessionId }, kind: 'POST_TEST', title: 'Post-test', maxScore: 100, passingScore: 70 });

const assessmentCount = () => sqlCount(db, 'SELECT count(*) AS n FROM assessments');
const scores = (assessmentId: number) =>
  sqlRows<{ nip: string | null; email: string | null; score: number; submittedAt: number }>(
    db,
    `SELECT l.nip, l.email, s.score, s.submitted_at AS "submittedAt"
     FROM assessment_scores s JOIN learners l ON l.id = s.learner_id WHERE s.assessment_id = ? ORDER BY l.id`,
    assessmentId,
  );
const errorsOf = (r: { ok: boolean; errors?: { field: string[]; code: string }[] }) => (r.ok ? [] : r.errors!.map((e) => [e.field.join('.'), e.code]));

describe('AssessmentService.create', () => {
  it('creates an assessment of a webinar session and one of a cohort', async () => {
    const session = unwrap('session', await services.assessments.create(SYSTEM, postTest()));
    expect(session).toMatchObject({ subjectType: 'SESSION', subjectId: sessionId, kind: 'POST_TEST', title: 'Post-test', maxScore: 100, passingScore: 70 });
    const cohort = unwrap(
      'cohort',
      await services.assessments.create(SYSTEM, { subject: { type: 'COHORT', id: cohortId }, kind: 'EVALUATION', title: '  Evaluasi  ', maxScore: 5 }),
    );
    expect(cohort).toMatchObject({ subjectType: 'COHORT', subjectId: cohortId, kind: 'EVALUATION', title: 'Evaluasi', maxScore: 5, passingScore: null });
    expect(await assessmentCount()).toBe(2);
  });

  it('accepts a passing score from 0 up to the maximum score', async () => {
    for (const passingScore of [0, 100]) expect(await services.assessments.create(SYSTEM, { ...postTest(), passingScore })).toMatchObject({ ok: true });
    expect(await services.assessments.create(SYSTEM, { ...postTest(), maxScore: 10_000, passingScore: null })).toMatchObject({ ok: true });
  });

  it('reports a missing title, a maximum outside 0..10000 and a passing score above it together, writing nothing', async () => {
    expect(errorsOf(await services.assessments.create(SYSTEM, { ...postTest(), title: ' ', maxScore: 0, passingScore: 70 }))).toEqual([
      ['title', 'REQUIRED'],
      ['maxScore', 'OUT_OF_RANGE'],
      ['passingScore', 'OUT_OF_RANGE'],
    ]);
    for (const maxScore of [-1, 10_001, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(errorsOf(await services.assessments.create(SYSTEM, { ...postTest(), maxScore, passingScore: null }))).toEqual([['maxScore', 'OUT_OF_RANGE']]);
    }
    for (const passingScore of [-0.5, 100.5, Number.NaN]) {
      expect(errorsOf(await services.assessments.create(SYSTEM, { ...postTest(), passingScore }))).toEqual([['passingScore', 'OUT_OF_RANGE']]);
    }
    expect(await assessmentCount()).toBe(0);
  });

  it('is for admins of the organiser or an institution above it', async () => {
    expect(await services.assessments.create(adminOf('BPSDM'), postTest())).toMatchObject({ ok: true });
    expect(await services.assessments.create(adminOf('PEMPROV'), postTest())).toMatchObject({ ok: true });
    expect(await refusal(() => services.assessments.create(adminOf('KAB'), postTest()))).toBe('FORBIDDEN');
    expect(await refusal(() => services.assessments.create(adminOf('JATENG'), postTest()))).toBe('FORBIDDEN');
    expect(await refusal(() => services.assessments.create(viewerOf('SYNC_CLIENT', { institution: inst.BPSDM }), postTest()))).toBe('FORBIDDEN');
    expect(await refusal(() => services.assessments.create(viewerOf('LEARNER', { learnerId: 1 }), postTest()))).toBe('FORBIDDEN');
    expect(await refusal(() => services.assessments.create(ANONYMOUS, postTest()))).toBe('UNAUTHENTICATED');
    expect(await assessmentCount()).toBe(2);
  });

  it("scopes a cohort's assessments to its host institution's admins", async () => {
    const evaluation: NewAssessment = { subject: { type: 'COHORT', id: cohortId }, kind: 'EVALUATION', title: 'Evaluasi', maxScore: 5 };
    expect(await services.assessments.create(adminOf('KAB'), evaluation)).toMatchObject({ ok: true });
    expect(await refusal(() => services.assessments.create(adminOf('BPSDM'), evaluation))).toBe('FORBIDDEN');
  });

  it('refuses a subject that does not exist as NOT_FOUND', async () => {
    expect(await refusal(() => services.assessments.create(SYSTEM, { ...postTest(), subject: { type: 'SESSION', id: sessionId + 99 } }))).toBe('NOT_FOUND');
    expect(await refusal(() => services.assessments.create(SYSTEM, { ...postTest(), subject: { type: 'COHORT', id: cohortId + 99 } }))).toBe('NOT_FOUND');
  });

  it('audits the creation in the scope of the organiser', async () => {
    await services.assessments.create(adminOf('BPSDM'), postTest());
    const [entry] = (await services.audit.list(adminOf('BPSDM'), { action: 'createAssessment' })).edges.map((e) => e.node);
    expect(entry).toMatchObject({ actor: 'test institution_admin', institutionId: inst.BPSDM.id, summary: expect.stringContaining('POST_TEST "Post-test"') });
    expect((await services.audit.list(adminOf('KAB'), { action: 'createAssessment' })).edges).toEqual([]);
  });
});

describe('AssessmentService.recordScores', () => {
  let assessmentId: number;
  beforeEach(async () => {
    assessmentId = unwrap('post-test', await services.assessments.create(SYSTEM, postTest())).id;
  });

  it('stores scores of learners named by NIP or, without one, by e-mail', async () => {
    const result = await services.assessments.recordScores(SYSTEM, assessmentId, [
      { nip: nipOf(1), score: 80, submittedAt: '2024-10-24T11:50:00+07:00' },
      { nip: ` ${nipOf(2)} `, score: 0 },
      { email: NON_ASN_EMAIL.toUpperCase(), score: 100 },
    ]);
    expect(result).toEqual({ ok: true, value: 3 });
    expect((await scores(assessmentId)).map(({ nip, email, score }) => [nip ?? email, score])).toEqual([
      [nipOf(1), 80],
      [nipOf(2), 0],
      [NON_ASN_EMAIL, 100],
    ]);
    expect((await scores(assessmentId))[0].submittedAt).toBe(Date.parse('2024-10-24T04:50:00Z'));
  });

  it('dates a score without submittedAt at the time of recording', async () => {
    const before = Date.now();
    await services.assessments.recordScores(SYSTEM, assessmentId, [{ nip: nipOf(1), score: 50 }]);
    const [{ submittedAt }] = await scores(assessmentId);
    expect(submittedAt).toBeGreaterThanOrEqual(before);
    expect(submittedAt).toBeLessThanOrEqual(Date.now());
  });

  it('replaces a re-recorded score instead of adding one, and leaves the others alone', async () => {
    await services.assessments.recordScores(SYSTEM, assessmentId, [
      { nip: nipOf(1), score: 90, submittedAt: '2024-10-24T11:50:00+07:00' },
      { nip: nipOf(2), score: 40, submittedAt: '2024-10-24T11:55:00+07:00' },
    ]);
    const again = await services.assessments.recordScores(SYSTEM, assessmentId, [{ nip: nipOf(1), score: 60, submittedAt: '2024-10-25T08:00:00+07:00' }]);
    expect(again).toEqual({ ok: true, value: 1 });
    expect(await scores(assessmentId)).toEqual([
      { nip: nipOf(1), email: null, score: 60, submittedAt: Date.parse('2024-10-25T01:00:00Z') },
      { nip: nipOf(2), email: null, score: 40, submittedAt: Date.parse('2024-10-24T04:55:00Z') },
    ]);
  });

  it('is idempotent: recording the same scores twice stores them once', async () => {
    const entries = [1, 2, 3].map((n) => ({ nip: nipOf(n), score: 10 * n, submittedAt: '2024-10-24T12:00:00+07:00' }));
    await services.assessments.recordScores(SYSTEM, assessmentId, entries);
    const once = await scores(assessmentId);
    expect(await services.assessments.recordScores(SYSTEM, assessmentId, entries)).toEqual({ ok: true, value: 3 });
    expect(await scores(assessmentId)).toEqual(once);
  });

  it('accepts scores from 0 to the maximum and refuses the rest at scores.i.score', async () => {
    const edges = [0, 100, 99.5].map((score, i) => ({ nip: nipOf(i + 1), score }));
    expect(await services.assessments.recordScores(SYSTEM, assessmentId, edges)).toEqual({ ok: true, value: 3 });
    const result = await services.assessments.recordScores(SYSTEM, assessmentId, [
      { nip: nipOf(1), score: -1 },
      { nip: nipOf(2), score: 100.01 },
      { nip: nipOf(3), score: Number.NaN },
    ]);
    expect(errorsOf(result)).toEqual([
      ['scores.0.score', 'OUT_OF_RANGE'],
      ['scores.1.score', 'OUT_OF_RANGE'],
      ['scores.2.score', 'OUT_OF_RANGE'],
    ]);
  });

  it('reports unknown, unnamed and repeated learners in input order, with every other problem', async () => {
    const result = await services.assessments.recordScores(SYSTEM, assessmentId, [
      { nip: nipOf(1), score: 101 },
      { nip: nipOf(999), score: 50 },
      { email: 'nobody@example.id', score: 50 },
      { score: 50 },
      { nip: nipOf(2), score: 50 },
      { nip: nipOf(2), score: 60 },
      { email: 'not an e-mail', score: 50 },
      { nip: nipOf(998), score: -5 },
    ]);
    expect(errorsOf(result)).toEqual([
      ['scores.0.score', 'OUT_OF_RANGE'],
      ['scores.1.nip', 'NOT_FOUND'],
      ['scores.2.email', 'NOT_FOUND'],
      ['scores.3.nip', 'REQUIRED'],
      ['scores.5.nip', 'DUPLICATE'],
      ['scores.6.email', 'INVALID_EMAIL'],
      ['scores.7.nip', 'NOT_FOUND'],
      ['scores.7.score', 'OUT_OF_RANGE'],
    ]);
  });

  it('writes nothing, and keeps earlier scores, when any entry is bad', async () => {
    await services.assessments.recordScores(SYSTEM, assessmentId, [{ nip: nipOf(1), score: 70, submittedAt: '2024-10-24T12:00:00+07:00' }]);
    const before = await scores(assessmentId);
    const auditBefore = (await services.audit.list(SYSTEM, { action: 'recordAssessmentScores' })).edges.length;
    const result = await services.assessments.recordScores(SYSTEM, assessmentId, [
      { nip: nipOf(1), score: 95 },
      { nip: nipOf(2), score: 80 },
      { nip: nipOf(3), score: 200 },
    ]);
    expect(result.ok).toBe(false);
    expect(await scores(assessmentId)).toEqual(before);
    expect((await services.audit.list(SYSTEM, { action: 'recordAssessmentScores' })).edges).toHaveLength(auditBefore);
  });

  it('refuses a submittedAt that is not a date-time as a userError, writing nothing', async () => {
    // Once an internal error: the unparsed date reached the NOT NULL column.
    const result = await services.assessments.recordScores(SYSTEM, assessmentId, [
      { nip: nipOf(1), score: 50, submittedAt: '2024-10-24T11:50:00+07:00' },
      { nip: nipOf(2), score: 50, submittedAt: 'kemarin' },
      { nip: nipOf(3), score: 50, submittedAt: '2024-10-24 11:50' },
    ]);
    expect(errorsOf(result)).toEqual([
      ['scores.1.submittedAt', 'INVALID'],
      ['scores.2.submittedAt', 'INVALID'],
    ]);
    expect(await scores(assessmentId)).toEqual([]);
  });

  it('counts a learner named by NIP and again by e-mail as a duplicate', async () => {
    const asn3 = { nip: nipOf(3), email: 'asn3@kab.example.id', name: 'ASN 3', employmentType: 'PNS' as const };
    unwrap('e-mail', await services.learners.importLearners(SYSTEM, { institutionCode: 'KAB', learners: [asn3] }));
    const result = await services.assessments.recordScores(SYSTEM, assessmentId, [{ nip: nipOf(3), score: 50 }, { email: 'asn3@kab.example.id', score: 60 }]);
    expect(errorsOf(result)).toEqual([['scores.1.email', 'DUPLICATE']]);
  });

  it('refuses more than MAX_SCORES_PER_CALL entries before looking at any', async () => {
    const many = Array.from({ length: MAX_SCORES_PER_CALL + 1 }, () => ({ nip: nipOf(1), score: 1 }));
    expect(errorsOf(await services.assessments.recordScores(SYSTEM, assessmentId, many))).toEqual([['scores', 'TOO_LARGE']]);
    expect(await scores(assessmentId)).toEqual([]);
  });

  it('answers an unknown assessment with a NOT_FOUND userError', async () => {
    expect(errorsOf(await services.assessments.recordScores(SYSTEM, assessmentId + 1, [{ nip: nipOf(1), score: 1 }]))).toEqual([['assessmentId', 'NOT_FOUND']]);
  });

  it('is for admins of the organiser or above it: another institution is FORBIDDEN and writes nothing', async () => {
    const entries = [{ nip: nipOf(1), score: 75 }];
    expect(await refusal(() => services.assessments.recordScores(adminOf('JATENG'), assessmentId, entries))).toBe('FORBIDDEN');
    expect(await refusal(() => services.assessments.recordScores(adminOf('KAB'), assessmentId, entries))).toBe('FORBIDDEN');
    expect(await refusal(() => services.assessments.recordScores(viewerOf('LEARNER', { learnerId: 1 }), assessmentId, entries))).toBe('FORBIDDEN');
    expect(await scores(assessmentId)).toEqual([]);
    expect(await services.assessments.recordScores(adminOf('PEMPROV'), assessmentId, entries)).toEqual({ ok: true, value: 1 });
    expect(await services.assessments.recordScores(adminOf('BPSDM'), assessmentId, entries)).toEqual({ ok: true, value: 1 });
  });

  it('records scores of a cohort assessment for the host institution', async () => {
    const evaluation = unwrap(
      'evaluation',
      await services.assessments.create(SYSTEM, { subject: { type: 'COHORT', id: cohortId }, kind: 'EVALUATION', title: 'Evaluasi', maxScore: 5 }),
    );
    expect(await services.assessments.recordScores(adminOf('KAB'), evaluation.id, [{ nip: nipOf(1), score: 4 }])).toEqual({ ok: true, value: 1 });
    expect(errorsOf(await services.assessments.recordScores(adminOf('KAB'), evaluation.id, [{ nip: nipOf(2), score: 6 }]))).toEqual([['scores.0.score', 'OUT_OF_RANGE']]);
    expect(await refusal(() => services.assessments.recordScores(adminOf('BPSDM'), evaluation.id, [{ nip: nipOf(1), score: 5 }]))).toBe('FORBIDDEN');
  });

  it('audits how many scores were recorded', async () => {
    await services.assessments.recordScores(adminOf('BPSDM'), assessmentId, [{ nip: nipOf(1), score: 1 }, { nip: nipOf(2), score: 2 }]);
    const [entry] = (await services.audit.list(SYSTEM, { action: 'recordAssessmentScores' })).edges.map((e) => e.node);
    expect(entry).toMatchObject({
      actor: 'test institution_admin',
      targetId: String(assessmentId),
      institutionId: inst.BPSDM.id,
      summary: expect.stringMatching(/^Recorded 2 scores for "Post-test"/),
    });
  });
});

describe('scores and the passing score, as eligibility sees them', () => {
  const eligible = async () =>
    Object.fromEntries((await services.eligibility.page(SYSTEM, 'SESSION', sessionId, { first: 100 })).edges.map((e) => [e.node.name, e.node.eligible]));

  it('judges a post-test criterion without a threshold by the passing score, against the latest recorded score', async () => {
    const post = unwrap('post-test', await services.assessments.create(SYSTEM, postTest()));
    await services.assessments.recordScores(SYSTEM, post.id, [{ nip: nipOf(1), score: 70 }, { nip: nipOf(2), score: 69.5 }]);
    expect(await eligible()).toEqual({ 'ASN 1': true, 'ASN 2': false });
    await services.assessments.recordScores(SYSTEM, post.id, [{ nip: nipOf(1), score: 40 }, { nip: nipOf(2), score: 85 }]);
    expect(await eligible()).toEqual({ 'ASN 1': false, 'ASN 2': true });
  });
});
