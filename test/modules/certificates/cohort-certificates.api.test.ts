import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { seedBasics, statementsOf, upsertFramework } from '../competencies/fixtures';
import { curriculumInput, upsertCurriculum } from '../curricula/curriculum-fixtures';

let t: TestApp;
let nips: string[];
let cohortId: string;
beforeAll(async () => {
  t = await startTestApp();
  ({ nips } = await seedBasics(t, 4));
  await upsertFramework(t);
  await upsertCurriculum(t, curriculumInput('APK'));
  const rule = await t.app.services.certificateRules.define(SYSTEM, {
    code: 'APK-CERT',
    name: 'Lulus akademi',
    institutionCode: 'KAB',
    criteria: [
      { kind: 'MODULES_COMPLETED_PERCENT', threshold: 100 },
      { kind: 'ASSESSMENT_SUBMITTED', assessmentKind: 'EVALUATION' },
    ],
  });
  if (!rule.ok) throw new Error(JSON.stringify(rule.errors));
  const created = dataOf(
    await t.gql(op('CreateCohort'), {
      input: { code: 'APK-I', name: 'Angkatan I', curriculumCode: 'APK', institutionCode: 'KAB', startDate: '2025-10-07', endDate: '2025-12-19', certificateRuleCode: 'APK-CERT' },
    }),
  ).createCohort;
  expect(created.userErrors).toEqual([]);
  cohortId = created.cohort.id;
  dataOf(await t.gql(op('EnrollLearners'), { input: { cohortId, nips } }));
  const done = (nip: string, moduleCode: string) => ({ nip, moduleCode, completedAt: '2025-12-01T10:00:00+07:00', score: 80 });
  dataOf(
    await t.gql(op('RecordModuleCompletions'), {
      input: { cohortId, completions: [done(nips[0], 'M1'), done(nips[0], 'M2'), done(nips[1], 'M1'), done(nips[1], 'M2'), done(nips[2], 'M1')] },
    }),
  );
  const evaluation = dataOf(await t.gql(op('CreateAssessment'), { input: { cohortId, kind: 'EVALUATION', title: 'Evaluasi', maxScore: 5 } })).createAssessment;
  dataOf(await t.gql(op('RecordAssessmentScores'), { input: { assessmentId: evaluation.assessment.id, scores: [{ nip: nips[0], score: 5 }, { nip: nips[2], score: 4 }] } }));
});
afterAll(() => t.close());

const eligibilityQuery = `query($code: String!, $first: Int) { cohort(code: $code) { certificateRule { code version }
  eligibility(first: $first) { totalCount edges { node { learner { nip } eligible criteria { kind met actual required } certificate { number } } } } } }`;

describe('cohort certificates', () => {
  it('judges module completion and evaluation for every enrolled learner', async () => {
    const cohort = dataOf(await t.gql(eligibilityQuery, { code: 'APK-I' })).cohort;
    expect(cohort.certificateRule).toEqual({ code: 'APK-CERT', version: 1 });
    const byNip = Object.fromEntries(cohort.eligibility.edges.map((e: any) => [e.node.learner.nip, e.node]));
    expect(cohort.eligibility.totalCount).toBe(4);
    expect(byNip[nips[0]]).toMatchObject({ eligible: true, criteria: [{ kind: 'MODULES_COMPLETED_PERCENT', actual: 100, required: 100 }, { met: true }] });
    expect(byNip[nips[1]]).toMatchObject({ eligible: false, criteria: [{ met: true }, { met: false, actual: 0 }] });
    expect(byNip[nips[2]]).toMatchObject({ eligible: false, criteria: [{ met: false, actual: 50 }, { met: true }] });
    expect(byNip[nips[3]]).toMatchObject({ eligible: false, criteria: [{ met: false, actual: 0 }, { met: false }] });
  });

  it('issues with the curriculum JP, dated by the cohort end, as CURRICULUM hours', async () => {
    const r = dataOf(await t.gql(op('IssueCertificates'), { input: { cohortId } })).issueCertificates;
    expect(r).toMatchObject({ issuedCount: 1, ineligibleCount: 3, issued: [{ learner: { nip: nips[0] }, jp: 24 }] });
    expect(r.issued[0].number).toMatch(/^KAB\/APK-I\/\d{4}\/000001$/);
    const hours = dataOf(
      await t.gql('query($nip: String!) { learner(nip: $nip) { learningHours(year: 2025) { earnedJp bySource { source jp } entries { earnedAt source } } } }', { nip: nips[0] }),
    ).learner.learningHours;
    expect(hours.earnedJp).toBe(24);
    expect(hours.bySource).toContainEqual({ source: 'CURRICULUM', jp: 24 });
    expect(hours.entries).toEqual([{ earnedAt: '2025-12-19', source: 'CURRICULUM' }]);
    const detail = dataOf(await t.gql(op('CertificateDetail'), { number: r.issued[0].number })).certificate;
    const wallet = dataOf(await t.gql('query($nip: String!) { learner(nip: $nip) { certificates { edges { node { subject { __typename ... on Cohort { code } } } } } } }', { nip: nips[0] }));
    expect(detail.rule).toEqual({ code: 'APK-CERT', version: 1 });
    expect(wallet.learner.certificates.edges[0].node.subject).toEqual({ __typename: 'Cohort', code: 'APK-I' });
  });

  it('costs the same number of statements for an eligibility page of 2 and of 4, judged afresh or not', async () => {
    // Any committed write makes the cached judgement stale, so each page below is judged afresh.
    const write = (code: string) => t.app.services.institutions.create(SYSTEM, { code, name: code, kind: 'GOVERNMENT_UNIT', parentCode: 'KAB' });
    await write('STALE-1');
    const small = await statementsOf(t, () => t.gql(eligibilityQuery, { code: 'APK-I', first: 2 }));
    await write('STALE-2');
    const large = await statementsOf(t, () => t.gql(eligibilityQuery, { code: 'APK-I', first: 4 }));
    expect(large).toBe(small);
    const cached = await statementsOf(t, () => t.gql(eligibilityQuery, { code: 'APK-I', first: 4 }));
    expect(cached).toBeLessThan(large);
  });
});
