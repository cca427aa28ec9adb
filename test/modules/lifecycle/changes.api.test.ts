/**
 * Lifecycle.graphql end to end: revisions, audit, cancellation, withdrawal,
 * deactivation, dismissal and institution moves, as the contract states them.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import { toGlobalId } from '../../../src/graphql/node';
import { demoNip } from '../../../src/seed/demo-people';
import { unwrap } from '../../../src/seed/unwrap';
import { dataOf } from '../../support/app';
import { op } from '../../support/contract';
import { buildWorld, tableCounts, type World } from '../../hardening/world';
import { sqlRow, sqlRows } from '../../support/sql';

let w: World;
beforeAll(async () => {
  w = await buildWorld();
}, 120_000);
afterAll(() => w.t.close());

const one = async <T>(text: string, ...params: unknown[]) => (await sqlRow<T>(w.t.app.db, text, ...params)) as T;
const call = async (name: string, input: Record<string, unknown>, token?: string | null) => {
  const r = await w.t.gql(op(name), { input }, token);
  const field = name[0].toLowerCase() + name.slice(1);
  return { ...r, payload: r.data?.[field] };
};
const run = async (name: string, input: Record<string, unknown>, token?: string | null) => {
  const field = name[0].toLowerCase() + name.slice(1);
  return dataOf(await w.t.gql(op(name), { input }, token))[field];
};
const audits = async (action: string) => (await one<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE action = ?', action)).n;
const codes = (payload: { userErrors: { code: string }[] }) => payload.userErrors.map((e) => e.code);

let counter = 0;
/** A new session of MITK, scheduled through the service, with its global id. */
async function newSession(extra: Record<string, unknown> = {}) {
  const number = 900 + ++counter;
  const session = unwrap(
    'session',
    await w.t.app.services.webinars.scheduleSession(SYSTEM, {
      seriesCode: 'MITK',
      number,
      title: `Sesi ${number}`,
      startsAt: '2026-03-10T09:00:00+07:00',
      endsAt: '2026-03-10T11:00:00+07:00',
      jp: 2,
      certificateRuleCode: 'MITK-E-CERT',
      ...extra,
    }),
  );
  return { number, rowId: session.id, id: toGlobalId('WebinarSession', session.id) };
}

describe('updateInstitution', () => {
  it('raises the revision once per committed change, audits it, and keeps omitted fields', async () => {
    const before = await one<{ revision: number; target_jp: number | null }>("SELECT revision, target_jp FROM institutions WHERE code = 'DINKES-PROBOLINGGO'");
    const r = await run('UpdateInstitution', { code: 'DINKES-PROBOLINGGO', expectedRevision: before.revision, targetJp: 30, timeZone: 'WIB' });
    expect(r.userErrors).toEqual([]);
    expect(r.institution).toMatchObject({ code: 'DINKES-PROBOLINGGO', revision: before.revision + 1, targetJp: 30, timeZone: 'WIB', parent: { code: 'KAB-PROBOLINGGO' } });
    expect(r.institution.name).toBe('Dinas Kesehatan Kabupaten Probolinggo');
    expect(await audits('updateInstitution')).toBeGreaterThan(0);

    const same = await run('UpdateInstitution', { code: 'DINKES-PROBOLINGGO', targetJp: 30 });
    expect(same.institution.revision).toBe(before.revision + 1);
  });

  it('refuses a stale expectedRevision, writes nothing and returns the current object', async () => {
    const current = (await one<{ revision: number }>("SELECT revision FROM institutions WHERE code = 'DINKES-PROBOLINGGO'")).revision;
    const counts = await tableCounts(w.t);
    const r = await run('UpdateInstitution', { code: 'DINKES-PROBOLINGGO', expectedRevision: current - 1, name: 'Stale' });
    expect(codes(r)).toEqual(['REVISION_CONFLICT']);
    expect(r.institution).toMatchObject({ name: 'Dinas Kesehatan Kabupaten Probolinggo', revision: current });
    expect(await tableCounts(w.t)).toEqual(counts);
  });

  it('clears a nullable field with null and refuses null on a required one', async () => {
    const cleared = await run('UpdateInstitution', { code: 'DINKES-PROBOLINGGO', targetJp: null, timeZone: null });
    expect(cleared.userErrors).toEqual([]);
    expect(cleared.institution.targetJp).toBeNull();
    const refused = await run('UpdateInstitution', { code: 'DINKES-PROBOLINGGO', name: null, isCorporateUniversity: null });
    expect(refused.userErrors).toEqual([
      expect.objectContaining({ field: ['name'], code: 'REQUIRED' }),
      expect.objectContaining({ field: ['isCorporateUniversity'], code: 'REQUIRED' }),
    ]);
  });

  it('moves a whole subtree, rewriting every path in one transaction', async () => {
    unwrap('unit', await w.t.app.services.institutions.create(SYSTEM, { code: 'PUSKESMAS-1', name: 'Puskesmas 1', kind: 'GOVERNMENT_UNIT', parentCode: 'DINKES-PROBOLINGGO' }));
    unwrap('unit', await w.t.app.services.institutions.create(SYSTEM, { code: 'PUSTU-1', name: 'Pustu 1', kind: 'GOVERNMENT_UNIT', parentCode: 'PUSKESMAS-1' }));
    const r = await run('UpdateInstitution', { code: 'DINKES-PROBOLINGGO', parentCode: 'BPSDM-JATIM' });
    expect(r.userErrors).toEqual([]);
    expect(r.institution.parent).toEqual({ code: 'BPSDM-JATIM' });
    const path = (code: string) => one<{ path: string; id: number }>('SELECT id, path FROM institutions WHERE code = ?', code);
    const [bpsdm, dinkes, puskesmas, pustu] = await Promise.all(['BPSDM-JATIM', 'DINKES-PROBOLINGGO', 'PUSKESMAS-1', 'PUSTU-1'].map(path));
    expect(dinkes.path).toBe(`${bpsdm.path}${dinkes.id}/`);
    expect(puskesmas.path).toBe(`${dinkes.path}${puskesmas.id}/`);
    expect(pustu.path).toBe(`${puskesmas.path}${pustu.id}/`);
    // Learners of the moved subtree are now in BPSDM-JATIM's scope and no longer in KAB-PROBOLINGGO's.
    const kab = await w.t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB-PROBOLINGGO' });
    expect((await call('UpdateInstitution', { code: 'PUSTU-1', name: 'Pustu Satu' }, kab)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const back = await run('UpdateInstitution', { code: 'DINKES-PROBOLINGGO', parentCode: 'KAB-PROBOLINGGO' });
    expect(back.institution.parent).toEqual({ code: 'KAB-PROBOLINGGO' });
    expect((await path('PUSTU-1')).path.startsWith((await path('KAB-PROBOLINGGO')).path)).toBe(true);
  });

  it('refuses a parent cycle as a userError', async () => {
    const r = await run('UpdateInstitution', { code: 'KAB-PROBOLINGGO', parentCode: 'DINSOS-PROBOLINGGO' });
    expect(r.userErrors).toEqual([expect.objectContaining({ field: ['parentCode'], code: 'CYCLE' })]);
    expect((await run('UpdateInstitution', { code: 'KAB-PROBOLINGGO', parentCode: 'KAB-PROBOLINGGO' })).userErrors[0].code).toBe('CYCLE');
  });

  it('lets an INSTITUTION_ADMIN move only inside its subtree', async () => {
    const kab = await w.t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB-PROBOLINGGO' });
    const inside = await run('UpdateInstitution', { code: 'PUSKESMAS-1', parentCode: 'DINSOS-PROBOLINGGO' }, kab);
    expect(inside.userErrors).toEqual([]);
    expect((await call('UpdateInstitution', { code: 'PUSKESMAS-1', parentCode: 'BPSDM-JATIM' }, kab)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await call('UpdateInstitution', { code: 'PUSKESMAS-1', parentCode: null }, kab)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await call('UpdateInstitution', { code: 'KAB-INDRAMAYU', name: 'X' }, kab)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('updateWebinarSession and cancelWebinarSession', () => {
  it('updates with a revision, replaces a sent list whole, and keeps omitted fields', async () => {
    const s = await newSession({ channels: [{ platform: 'ZOOM' }, { platform: 'YOUTUBE', url: 'https://youtube.com/x' }] });
    const r = await run('UpdateWebinarSession', { sessionId: s.id, expectedRevision: 1, title: 'Sesi baru', channels: [{ platform: 'OTHER' }] });
    expect(r.userErrors).toEqual([]);
    expect(r.session).toMatchObject({ title: 'Sesi baru', revision: 2, jp: 2, status: 'SCHEDULED', certificateRule: { code: 'MITK-E-CERT' } });
    expect((await one<{ n: number }>('SELECT count(*) AS n FROM webinar_session_channels WHERE session_id = ?', s.rowId)).n).toBe(1);
    const stale = await run('UpdateWebinarSession', { sessionId: s.id, expectedRevision: 1, jp: 3 });
    expect(codes(stale)).toEqual(['REVISION_CONFLICT']);
    expect(stale.session).toMatchObject({ revision: 2, jp: 2 });
    expect((await run('UpdateWebinarSession', { sessionId: s.id, title: null })).userErrors[0]).toMatchObject({ field: ['title'], code: 'REQUIRED' });
    const tags = async () =>
      dataOf(await w.t.gql('query($n: Int!) { webinarSession(seriesCode: "MITK", number: $n) { programGroups strategies } }', { n: s.number })).webinarSession;
    await run('UpdateWebinarSession', { sessionId: s.id, programGroups: ['SOCIAL_ASSISTANCE_AND_SECURITY'], strategies: ['POLICY_SYNERGY'] });
    await run('UpdateWebinarSession', { sessionId: s.id, strategies: ['REDUCE_SPENDING_BURDEN', 'RAISE_CAPABILITY_AND_INCOME'] });
    expect(await tags()).toEqual({ programGroups: ['SOCIAL_ASSISTANCE_AND_SECURITY'], strategies: ['REDUCE_SPENDING_BURDEN', 'RAISE_CAPABILITY_AND_INCOME'] });
    await run('UpdateWebinarSession', { sessionId: s.id, programGroups: null });
    expect(await tags()).toEqual({ programGroups: [], strategies: ['REDUCE_SPENDING_BURDEN', 'RAISE_CAPABILITY_AND_INCOME'] });
    expect((await run('UpdateWebinarSession', { sessionId: s.id, endsAt: '2026-03-10T08:00:00+07:00' })).userErrors[0].code).toBe('INVALID');
  });

  it('re-judges eligibility from a reschedule on, while issued certificates keep their date', async () => {
    const s = await newSession({ certificateRuleCode: null });
    unwrap('rule', await w.t.app.services.certificateRules.define(SYSTEM, { code: 'LC-60', name: 'Hadir 60 menit', institutionCode: 'BPSDM-JATIM', criteria: [{ kind: 'ATTENDANCE_PERCENT', threshold: 50 }] }));
    await run('UpdateWebinarSession', { sessionId: s.id, certificateRuleCode: 'LC-60' });
    const entries = [{ nip: demoNip(0), minutes: 70 }];
    expect((await run('RecordAttendance', { sessionId: s.id, source: 'MANUAL', entries })).userErrors).toEqual([]);
    const issued = await run('IssueCertificates', { sessionId: s.id });
    expect(issued.issuedCount).toBe(1);
    const rescheduled = await run('UpdateWebinarSession', { sessionId: s.id, startsAt: '2026-04-01T08:00:00+08:00', endsAt: '2026-04-01T12:00:00+08:00' });
    expect(rescheduled.session.startsAt).toBe('2026-04-01T08:00:00+08:00');
    // 70 of 240 minutes is below 50 % now: the certificate issued at 70 of 120 stays as it was.
    const again = await run('IssueCertificates', { sessionId: s.id, dryRun: true });
    expect(again).toMatchObject({ issuedCount: 0, alreadyIssuedCount: 0, ineligibleCount: 1 });
    expect(await one<{ activity_date: string; status: string }>('SELECT activity_date, status FROM certificates WHERE subject_id = ? AND subject_type = ?', s.rowId, 'SESSION')).toEqual({
      activity_date: '2026-03-10',
      status: 'VALID',
    });
  });

  it('cancels a session: it takes nothing new, issues nothing, stays in its series and leaves the catalogue', async () => {
    const s = await newSession({ certificateRuleCode: 'LC-60' });
    await run('RecordAttendance', { sessionId: s.id, source: 'MANUAL', entries: [{ nip: demoNip(1), minutes: 100 }] });
    expect((await run('IssueCertificates', { sessionId: s.id })).issuedCount).toBe(1);
    const assessment = unwrap('assessment', await w.t.app.services.assessments.create(SYSTEM, { subject: { type: 'SESSION', id: s.rowId }, kind: 'POST_TEST', title: 'Post', maxScore: 100 }));

    const cancelled = await run('CancelWebinarSession', { sessionId: s.id, reason: 'Narasumber berhalangan' });
    expect(cancelled.userErrors).toEqual([]);
    expect(cancelled.session).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Narasumber berhalangan' });
    expect(cancelled.session.cancelledAt).toMatch(/\+07:00$/);
    expect(codes(await run('CancelWebinarSession', { sessionId: s.id, reason: 'again' }))).toEqual(['CANCELLED']);

    const counts = await tableCounts(w.t);
    expect(codes(await run('RecordAttendance', { sessionId: s.id, source: 'MANUAL', entries: [{ nip: demoNip(2), minutes: 100 }] }))).toEqual(['CANCELLED']);
    expect(codes(await run('RecordAssessmentScores', { assessmentId: toGlobalId('Assessment', assessment.id), scores: [{ nip: demoNip(1), score: 90 }] }))).toEqual(['CANCELLED']);
    expect(codes(await run('IssueCertificates', { sessionId: s.id }))).toEqual(['CANCELLED']);
    expect(codes(await run('UpdateWebinarSession', { sessionId: s.id, title: 'x' }))).toEqual(['CANCELLED']);
    const register = `mutation($input: RegisterForWebinarSessionInput!) { registerForWebinarSession(input: $input) { registered userErrors { code } } }`;
    expect(dataOf(await w.t.gql(register, { input: { sessionId: s.id, nips: [demoNip(2)] } })).registerForWebinarSession.userErrors).toEqual([{ code: 'CANCELLED' }]);
    expect(await tableCounts(w.t)).toEqual(counts);
    expect((await one<{ status: string }>("SELECT status FROM certificates WHERE subject_type = 'SESSION' AND subject_id = ?", s.rowId)).status).toBe('VALID');

    const catalogue = dataOf(await w.t.gql('{ webinarSessions(first: 100, filter: { seriesCode: "MITK" }) { edges { node { number status } } } }', {}, null));
    expect(catalogue.webinarSessions.edges.map((e: { node: { number: number } }) => e.node.number)).not.toContain(s.number);
    const series = dataOf(await w.t.gql('{ webinarSession(seriesCode: "MITK", number: 41) { series { sessions(first: 100) { edges { node { number status } } } } } }', {}, null));
    expect(series.webinarSession.series.sessions.edges.map((e: { node: unknown }) => e.node)).toContainEqual({ number: s.number, status: 'CANCELLED' });
  });
});

describe('updateCohort and withdrawEnrollment', () => {
  let cohortId: string;
  let cohortRowId: number;
  beforeAll(async () => {
    const cohort = unwrap(
      'cohort',
      await w.t.app.services.cohorts.create(SYSTEM, {
        code: 'LC-COHORT',
        name: 'Angkatan LC',
        curriculumCode: 'APK-PROBOLINGGO',
        institutionCode: 'KAB-PROBOLINGGO',
        startDate: '2026-01-05',
        endDate: '2026-03-05',
        certificateRuleCode: 'APK-CERT',
      }),
    );
    cohortRowId = cohort.id;
    cohortId = toGlobalId('Cohort', cohort.id);
  });

  it('updates a cohort with a revision and clears its end date with null', async () => {
    const r = await run('UpdateCohort', { cohortId, expectedRevision: 1, name: 'Angkatan LC I', endDate: null });
    expect(r.userErrors).toEqual([]);
    expect(r.cohort).toMatchObject({ name: 'Angkatan LC I', revision: 2, endDate: null, certificateRule: { code: 'APK-CERT' } });
    expect(codes(await run('UpdateCohort', { cohortId, expectedRevision: 1, name: 'x' }))).toEqual(['REVISION_CONFLICT']);
    expect(codes(await run('UpdateCohort', { cohortId, endDate: '2025-12-01' }))).toEqual(['INVALID']);
  });

  it('withdraws an enrolment: kept with its reason, and the learner is no longer eligible', async () => {
    const modules = await sqlRows<{ code: string }>(w.t.app.db, 'SELECT m.code FROM curriculum_modules m JOIN cohorts c ON c.curriculum_id = m.curriculum_id WHERE c.id = ?', cohortRowId);
    const nips = [demoNip(3), demoNip(5)];
    expect((await run('EnrollLearners', { cohortId, nips })).enrolled).toBe(2);
    const completions = nips.flatMap((nip) => modules.map((m) => ({ nip, moduleCode: m.code, completedAt: '2026-02-01T10:00:00+07:00' })));
    expect((await run('RecordModuleCompletions', { cohortId, completions })).userErrors).toEqual([]);
    const enrollment = await one<{ id: number }>('SELECT e.id FROM enrollments e JOIN learners l ON l.id = e.learner_id WHERE e.cohort_id = ? AND l.nip = ?', cohortRowId, nips[1]);
    const enrollmentId = toGlobalId('Enrollment', enrollment.id);

    const r = await run('WithdrawEnrollment', { enrollmentId, reason: 'Mutasi jabatan' });
    expect(r.userErrors).toEqual([]);
    expect(r.enrollment).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: 'Mutasi jabatan' });
    expect(r.enrollment.withdrawnAt).not.toBeNull();
    expect(codes(await run('WithdrawEnrollment', { enrollmentId, reason: 'again' }))).toEqual(['ALREADY_WITHDRAWN']);

    // Both completed every module; only the one still enrolled is judged, and issued.
    const dry = await run('IssueCertificates', { cohortId, dryRun: true });
    expect(dry).toMatchObject({ issuedCount: 1, alreadyIssuedCount: 0 });
    const issued = await run('IssueCertificates', { cohortId });
    expect(issued.issued.map((c: { learner: { nip: string } }) => c.learner.nip)).toEqual([nips[0]]);
    const more = await run('RecordModuleCompletions', { cohortId, completions: [{ nip: nips[1], moduleCode: modules[0].code, completedAt: '2026-02-02T10:00:00+07:00' }] });
    expect(codes(more)).toEqual(['NOT_ENROLLED']);
  });

  it('cancels a cohort only with a reason; then it takes nothing new and issues nothing', async () => {
    expect((await run('UpdateCohort', { cohortId, status: 'CANCELLED' })).userErrors).toEqual([expect.objectContaining({ field: ['cancellationReason'], code: 'REQUIRED' })]);
    expect(codes(await run('UpdateCohort', { cohortId, status: 'RUNNING' }))).toEqual(['INVALID']);
    const r = await run('UpdateCohort', { cohortId, status: 'CANCELLED', cancellationReason: 'Anggaran dialihkan' });
    expect(r.userErrors).toEqual([]);
    expect(r.cohort.status).toBe('CANCELLED');
    const counts = await tableCounts(w.t);
    expect(codes(await run('EnrollLearners', { cohortId, nips: [demoNip(7)] }))).toEqual(['CANCELLED']);
    expect(codes(await run('RecordModuleCompletions', { cohortId, completions: [{ nip: demoNip(3), moduleCode: 'M01', completedAt: '2026-02-01T10:00:00+07:00' }] }))).toEqual(['CANCELLED']);
    expect(codes(await run('IssueCertificates', { cohortId }))).toEqual(['CANCELLED']);
    expect(codes(await run('UpdateCohort', { cohortId, name: 'x' }))).toEqual(['CANCELLED']);
    expect(await tableCounts(w.t)).toEqual(counts);
    expect((await one<{ status: string }>("SELECT status FROM certificates WHERE subject_type = 'COHORT' AND subject_id = ?", cohortRowId)).status).toBe('VALID');
  });
});

describe('updateAssessment', () => {
  it('changes title and passing score, and never lets maxScore drop below a recorded score', async () => {
    const assessmentId = w.assessmentId;
    await run('RecordAssessmentScores', { assessmentId, scores: [{ nip: w.learnerNip, score: 80 }] });
    const r = await run('UpdateAssessment', { assessmentId, title: 'Evaluasi akhir', passingScore: 60 });
    expect(r.userErrors).toEqual([]);
    expect(r.assessment).toMatchObject({ title: 'Evaluasi akhir', maxScore: 100, passingScore: 60 });
    expect((await run('UpdateAssessment', { assessmentId, maxScore: 79 })).userErrors).toEqual([expect.objectContaining({ field: ['maxScore'], code: 'OUT_OF_RANGE' })]);
    expect((await run('UpdateAssessment', { assessmentId, maxScore: 80, passingScore: null })).assessment).toMatchObject({ maxScore: 80, passingScore: null });
    expect(codes(await run('UpdateAssessment', { assessmentId, passingScore: 81 }))).toEqual(['OUT_OF_RANGE']);
    expect(await run('UpdateAssessment', { assessmentId })).toMatchObject({ userErrors: [], assessment: { maxScore: 80, passingScore: null } });
  });
});

describe('updateLearner and deactivateLearner', () => {
  const learnerOf = async (nip: string) => toGlobalId('Learner', (await one<{ id: number }>('SELECT id FROM learners WHERE nip = ?', nip)).id);

  it('updates with a revision and moves a learner only inside the admin’s subtree', async () => {
    const learnerId = await learnerOf(demoNip(8));
    const tokenId = unwrap('token', await w.t.app.services.access.create(SYSTEM, { name: 'Nur Aini', role: 'LEARNER', nip: demoNip(8) })).apiToken.id;
    const r = await run('UpdateLearner', { learnerId, expectedRevision: 1, name: 'Nur Aini, S.Sos.', institutionCode: 'DINKES-PROBOLINGGO' });
    expect(r.userErrors).toEqual([]);
    expect(r.learner).toMatchObject({ name: 'Nur Aini, S.Sos.', revision: 2, participantCategory: 'ASN', institution: { code: 'DINKES-PROBOLINGGO' } });
    expect((await one<{ code: string }>('SELECT i.code FROM api_tokens t JOIN institutions i ON i.id = t.institution_id WHERE t.id = ?', tokenId)).code).toBe('DINKES-PROBOLINGGO');
    expect(codes(await run('UpdateLearner', { learnerId, expectedRevision: 1, name: 'x' }))).toEqual(['REVISION_CONFLICT']);
    expect(codes(await run('UpdateLearner', { learnerId, nip: null }))).toEqual(['REQUIRED']);
    expect(codes(await run('UpdateLearner', { learnerId, nip: demoNip(9) }))).toEqual(['DUPLICATE']);
    const kab = await w.t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB-PROBOLINGGO' });
    expect((await call('UpdateLearner', { learnerId, institutionCode: 'BPSDM-JATIM' }, kab)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await run('UpdateLearner', { learnerId, positionCode: null }, kab)).userErrors).toEqual([]);
  });

  it('deactivates: history and certificates stay, tokens stop at once, no new token, enrolment or certificate', async () => {
    const nip = w.learnerNip;
    const learnerId = w.learnerId;
    const token = w.tokens.learner!;
    expect(dataOf(await w.t.gql('{ viewer { role } }', {}, token)).viewer.role).toBe('LEARNER');
    const before = (await one<{ n: number }>('SELECT count(*) AS n FROM certificates WHERE learner_id = (SELECT id FROM learners WHERE nip = ?)', nip)).n;
    expect(before).toBeGreaterThan(0);

    const r = await run('DeactivateLearner', { learnerId, reason: 'Pensiun' });
    expect(r).toEqual({ learner: { id: learnerId, active: false }, userErrors: [] });
    expect((await w.t.gql('{ viewer { role } }', {}, token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // Even a token whose revocation were undone (a restored table) stays shut while the learner is inactive.
    await w.t.app.db.write(async (tx) => await tx.run(sql`UPDATE api_tokens SET revoked_at = NULL WHERE learner_id = (SELECT id FROM learners WHERE nip = ${nip})`));
    expect((await w.t.gql('{ viewer { role } }', {}, token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await one<{ n: number }>('SELECT count(*) AS n FROM certificates WHERE learner_id = (SELECT id FROM learners WHERE nip = ?)', nip)).n).toBe(before);
    expect(codes(await run('DeactivateLearner', { learnerId, reason: 'again' }))).toEqual(['INACTIVE']);
    const listed = async (includeInactive: boolean) =>
      dataOf(await w.t.gql('query($i: Boolean) { institution(code: "KAB-PROBOLINGGO") { learners(first: 100, includeInactive: $i) { edges { node { id } } } } }', { i: includeInactive }))
        .institution.learners.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await listed(false)).not.toContain(learnerId);
    expect(await listed(true)).toContain(learnerId);
    expect(codes(await run('CreateApiToken', { name: 'x', role: 'LEARNER', nip }))).toEqual(['INACTIVE']);
    const cohort = toGlobalId('Cohort', (await one<{ id: number }>("SELECT id FROM cohorts WHERE code = 'APK-PROBOLINGGO-2025-I'")).id);
    expect(codes(await run('EnrollLearners', { cohortId: cohort, nips: [nip] }))).toEqual(['INACTIVE']);

    const s = await newSession({ certificateRuleCode: 'LC-60' });
    await run('RecordAttendance', { sessionId: s.id, source: 'MANUAL', entries: [{ nip, minutes: 120 }] });
    expect(await run('IssueCertificates', { sessionId: s.id, dryRun: true })).toMatchObject({ issuedCount: 0, ineligibleCount: 1 });
  });
});

describe('dismissUnmatchedAttendance', () => {
  it('dismisses open rows with their reason; the open queue and summary leave them out', async () => {
    const open = async () =>
      dataOf(
        await w.t.gql(
          '{ webinarSession(seriesCode: "MITK", number: 41) { attendanceSummary { unmatchedRows } unmatchedAttendance(first: 100) { totalCount edges { node { id status } } } } }',
        ),
      );
    const before = (await open()).webinarSession;
    const rowIds = before.unmatchedAttendance.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(rowIds.length).toBeGreaterThan(0);
    const wrong = await w.t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB-INDRAMAYU' });
    expect((await call('DismissUnmatchedAttendance', { rowIds, reason: 'x' }, wrong)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(codes(await run('DismissUnmatchedAttendance', { rowIds, reason: ' ' }))).toEqual(['REQUIRED']);
    const r = await run('DismissUnmatchedAttendance', { rowIds, reason: 'Akun host' });
    expect(r).toEqual({ dismissed: rowIds.length, userErrors: [] });
    const after = (await open()).webinarSession;
    expect(after.unmatchedAttendance.totalCount).toBe(0);
    expect(after.attendanceSummary.unmatchedRows).toBe(0);
    const dismissed = dataOf(
      await w.t.gql('{ webinarSession(seriesCode: "MITK", number: 41) { unmatchedAttendance(first: 100, filter: { status: DISMISSED }) { edges { node { id status } } } } }'),
    );
    expect(dismissed.webinarSession.unmatchedAttendance.edges.map((e: { node: unknown }) => e.node)).toEqual(rowIds.map((id: string) => ({ id, status: 'DISMISSED' })));
    expect(await sqlRows(w.t.app.db, 'SELECT DISTINCT dismissal_reason AS r FROM unmatched_attendance_rows WHERE dismissed_at IS NOT NULL')).toEqual([{ r: 'Akun host' }]);
    expect(codes(await run('DismissUnmatchedAttendance', { rowIds: [rowIds[0]], reason: 'x' }))).toEqual(['ALREADY_DISMISSED']);
    expect(codes(await run('ResolveUnmatchedAttendance', { rowId: rowIds[0], nip: demoNip(4) }))).toEqual(['ALREADY_DISMISSED']);
  });
});

describe('global ids of the wrong type', () => {
  it('are NOT_FOUND userErrors', async () => {
    expect((await run('UpdateCohort', { cohortId: w.sessionId, name: 'x' })).userErrors).toEqual([expect.objectContaining({ field: ['cohortId'], code: 'NOT_FOUND' })]);
    expect((await run('WithdrawEnrollment', { enrollmentId: w.cohortId, reason: 'x' })).userErrors[0].code).toBe('NOT_FOUND');
    expect((await run('UpdateLearner', { learnerId: 'not-an-id', name: 'x' })).userErrors[0].code).toBe('NOT_FOUND');
  });
});

describe('audit', () => {
  it('records every kind of change made above, readable by the admins of its institution', async () => {
    const actions = ['updateInstitution', 'updateWebinarSession', 'cancelWebinarSession', 'updateCohort', 'withdrawEnrollment', 'updateAssessment', 'updateLearner', 'deactivateLearner', 'dismissUnmatchedAttendance'];
    const counted = await Promise.all(actions.map(audits));
    expect(actions.filter((_, i) => counted[i] === 0)).toEqual([]);
    const kab = await w.t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB-PROBOLINGGO' });
    const log = dataOf(await w.t.gql('{ auditLog(first: 100, filter: { action: "updateCohort" }) { edges { node { summary } } } }', {}, kab));
    expect(log.auditLog.edges.map((e: { node: { summary: string } }) => e.node.summary)).toContain('Cancelled cohort LC-COHORT: Anggaran dialihkan');
  });
});
