import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { seedBasics, upsertFramework } from '../competencies/fixtures';
import { curriculumInput, upsertCurriculum } from '../curricula/curriculum-fixtures';

/** Curriculum, enrolment and learner events, each written once with the change that causes it. */
let t: TestApp;
let nips: string[];

beforeAll(async () => {
  t = await startTestApp();
  ({ nips } = await seedBasics(t, 3));
  await upsertFramework(t);
});
afterAll(() => t.close());

interface EventNode {
  id: string;
  sequence: number;
  type: string;
  institution: { code: string };
  payload: Record<string, any>;
}

/** Every event after `after`, following endCursor as a poller does; returns the events and the new cursor. */
async function since(after: string | null, token = t.adminToken) {
  const seen: EventNode[] = [];
  let cursor = after;
  for (;;) {
    const p = dataOf(await t.gql(op('Events'), { after: cursor, first: 2 }, token)).events;
    seen.push(...p.edges.map((e: { node: EventNode }) => e.node));
    cursor = p.pageInfo.endCursor ?? cursor;
    if (!p.pageInfo.hasNextPage) return { seen, cursor };
  }
}

describe('event kinds', () => {
  it('CURRICULUM_CHANGED belongs to the owner, once per change; an UNCHANGED write writes none', async () => {
    const start = (await since(null)).cursor;
    await upsertCurriculum(t, curriculumInput('APK'));
    await upsertCurriculum(t, curriculumInput('APK'));
    await upsertCurriculum(t, curriculumInput('APK', { title: 'Kurikulum APK baru' }));
    const { seen } = await since(start);
    expect(seen.map((e) => [e.type, e.institution.code, e.payload.changeType, e.payload.revision])).toEqual([
      ['CURRICULUM_CHANGED', 'KAB', 'CREATED', 1],
      ['CURRICULUM_CHANGED', 'KAB', 'UPDATED', 2],
    ]);
    expect(seen[0].payload).toMatchObject({ curriculumCode: 'APK', version: 1, status: 'PUBLISHED', institutionCode: 'KAB' });
    const other = await t.token('INSTITUTION_ADMIN', { institutionCode: 'OTHER' });
    expect((await since(null, other)).seen).toEqual([]);
  });

  it('ENROLLMENT_COMPLETED when the last module is recorded, ENROLLMENT_WITHDRAWN on withdrawal', async () => {
    const created = dataOf(
      await t.gql(op('CreateCohort'), { input: { code: 'APK-I', name: 'Akademi', curriculumCode: 'APK', institutionCode: 'KAB', startDate: '2025-10-07', endDate: '2025-12-19' } }),
    ).createCohort;
    expect(created.userErrors).toEqual([]);
    const cohortId = created.cohort.id;
    expect(dataOf(await t.gql(op('EnrollLearners'), { input: { cohortId, nips } })).enrollLearners.userErrors).toEqual([]);
    const start = (await since(null)).cursor;
    const complete = (nip: string, moduleCode: string) => ({ nip, moduleCode, completedAt: '2025-11-01T10:00:00+07:00' });
    const recorded = await t.gql(op('RecordModuleCompletions'), { input: { cohortId, completions: [complete(nips[0], 'M1'), complete(nips[0], 'M2'), complete(nips[1], 'M1')] } });
    expect(dataOf(recorded).recordModuleCompletions.userErrors).toEqual([]);
    const enrollments = dataOf(await t.gql('query { cohort(code: "APK-I") { enrollments(first: 10) { edges { node { id learner { nip } } } } } }')).cohort.enrollments.edges;
    const of = (nip: string) => enrollments.find((e: { node: { learner: { nip: string } } }) => e.node.learner.nip === nip).node.id;
    const withdraw = (nip: string) => t.gql(op('WithdrawEnrollment'), { input: { enrollmentId: of(nip), reason: 'Mutasi' } });
    expect(dataOf(await withdraw(nips[2])).withdrawEnrollment.userErrors).toEqual([]);
    expect(dataOf(await withdraw(nips[2])).withdrawEnrollment.userErrors[0].code).toBe('ALREADY_WITHDRAWN');
    const { seen } = await since(start);
    expect(seen.map((e) => [e.type, e.payload.learner.nip, e.institution.code])).toEqual([
      ['ENROLLMENT_COMPLETED', nips[0], 'DINSOS'],
      ['ENROLLMENT_WITHDRAWN', nips[2], 'DINSOS'],
    ]);
    expect(seen[1].payload).toEqual({ learner: { nip: nips[2], email: null }, cohortCode: 'APK-I', status: 'WITHDRAWN', reason: 'Mutasi', institutionCode: 'DINSOS' });
  });

  it('LEARNER_CHANGED on an update, a move and a deactivation; a refused update writes none', async () => {
    const learnerId = dataOf(await t.gql('query($nip: String!) { learner(nip: $nip) { id } }', { nip: nips[1] })).learner.id;
    const start = (await since(null)).cursor;
    const update = (input: Record<string, unknown>) => t.gql(op('UpdateLearner'), { input: { learnerId, ...input } });
    expect(dataOf(await update({ email: 'budi@dinsos.go.id' })).updateLearner.userErrors).toEqual([]);
    expect(dataOf(await update({ nip: nips[0] })).updateLearner.userErrors[0].code).toBe('DUPLICATE');
    expect(dataOf(await update({ institutionCode: 'OTHER' })).updateLearner.userErrors).toEqual([]);
    const deactivated = await t.gql(op('DeactivateLearner'), { input: { learnerId, reason: 'Pensiun' } });
    expect(dataOf(deactivated).deactivateLearner.userErrors).toEqual([]);
    const { seen } = await since(start);
    expect(seen.map((e) => [e.type, e.institution.code, e.payload.changed, e.payload.previousInstitutionCode, e.payload.active])).toEqual([
      ['LEARNER_CHANGED', 'DINSOS', ['email'], null, true],
      ['LEARNER_CHANGED', 'OTHER', ['institution'], 'DINSOS', true],
      ['LEARNER_CHANGED', 'OTHER', ['active'], null, false],
    ]);
    expect(seen[0].payload.learner).toEqual({ nip: nips[1], email: 'budi@dinsos.go.id' });
    // The institution the learner left hears of the move, and of nothing after it.
    const dinsos = await t.token('INSTITUTION_ADMIN', { institutionCode: 'DINSOS' });
    const left = (await since(start, dinsos)).seen;
    expect(left.map((e) => [e.type, e.institution.code, e.payload.changed])).toEqual([
      ['LEARNER_CHANGED', 'DINSOS', ['email']],
      ['LEARNER_CHANGED', 'OTHER', ['institution']],
    ]);
  });

  it('LEARNER_CHANGED for each learner an import changes, none for one it leaves as it was', async () => {
    const start = (await since(null)).cursor;
    const learners = [
      { nip: nips[0], name: 'Learner 0 renamed', employmentType: 'PNS' },
      { nip: nips[2], name: 'Learner 2', employmentType: 'PNS' },
    ];
    const r = dataOf(await t.gql(op('ImportLearners'), { input: { institutionCode: 'DINSOS', learners } })).importLearners;
    expect(r.userErrors).toEqual([]);
    const { seen } = await since(start);
    expect(seen.map((e) => [e.type, e.payload.learner.nip, e.payload.changed, e.institution.code])).toEqual([['LEARNER_CHANGED', nips[0], ['name'], 'DINSOS']]);
  });

  it('ATTENDANCE_RECORDED per learner whose attendance of a session changed; the same evidence again writes none', async () => {
    const series = dataOf(await t.gql(op('CreateWebinarSeries'), { input: { code: 'MITK', title: 'MITK', organizerCode: 'KAB' } })).createWebinarSeries;
    expect(series.userErrors).toEqual([]);
    const scheduled = dataOf(
      await t.gql(op('ScheduleWebinarSession'), { input: { seriesCode: 'MITK', number: 1, title: 'Sesi 1', startsAt: '2025-10-24T09:00:00+07:00', endsAt: '2025-10-24T11:00:00+07:00', jp: 2 } }),
    ).scheduleWebinarSession;
    const start = (await since(null)).cursor;
    const record = async (minutes: number) => {
      const r = await t.gql(op('RecordAttendance'), { input: { sessionId: scheduled.session.id, source: 'FORM', entries: [{ nip: nips[0], minutes }] } });
      expect(dataOf(r).recordAttendance.userErrors).toEqual([]);
    };
    await record(100);
    await record(100);
    await record(110);
    const { seen } = await since(start);
    const recorded = (minutes: number) => ({ learner: { nip: nips[0], email: null }, seriesCode: 'MITK', sessionNumber: 1, minutes, source: 'FORM', institutionCode: 'DINSOS' });
    expect(seen.map((e) => [e.type, e.institution.code, e.payload])).toEqual([
      ['ATTENDANCE_RECORDED', 'DINSOS', recorded(100)],
      ['ATTENDANCE_RECORDED', 'DINSOS', recorded(110)],
    ]);
  });
});
