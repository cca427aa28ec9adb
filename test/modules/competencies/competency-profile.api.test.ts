import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { curriculumInput, upsertCurriculum } from '../curricula/curriculum-fixtures';
import { seedBasics, statementsOf, upsertFramework } from './fixtures';

let t: TestApp;
let nips: string[];

const oneModule = (jp: number) => [{ code: 'M1', title: 'Modul', jp, deliveryMode: 'BLENDED', sequence: 1 }];
const developing = (code: string, targetLevel: number, jp: number, extra: Record<string, unknown> = {}) =>
  curriculumInput(code, {
    outcomes: [{ code: 'LO1', statement: 'Analisis data', competencyCode: 'TPK.01', targetLevel }],
    modules: oneModule(jp),
    ...extra,
  });

beforeAll(async () => {
  t = await startTestApp();
  ({ nips } = await seedBasics(t, 20));
  await upsertFramework(t);
  const position = {
    code: 'ANALIS',
    name: 'Analis Kebijakan',
    requirements: [
      { competencyCode: 'TPK.01', level: 3 },
      { competencyCode: 'TPK.02', level: 2 },
    ],
  };
  dataOf(await t.gql(op('UpsertPosition'), { input: position }));
  const learners = nips.map((nip, i) => ({ nip, name: `Learner ${i}`, employmentType: 'PNS', positionCode: 'ANALIS' }));
  dataOf(await t.gql(op('ImportLearners'), { input: { institutionCode: 'DINSOS', learners } }));
  const assessments = [
    { nip: nips[0], competencyCode: 'TPK.01', level: 1, assessedAt: '2024-01-10T09:00:00+07:00' },
    { nip: nips[0], competencyCode: 'TPK.01', level: 2, assessedAt: '2025-02-10T09:00:00+07:00' },
    { nip: nips[0], competencyCode: 'TPK.02', level: 3, assessedAt: '2025-02-10T09:00:00+07:00' },
  ];
  dataOf(await t.gql(op('RecordCompetencyAssessments'), { input: { assessments } }));
  for (const input of [
    developing('LONG', 3, 24),
    developing('HIGHER', 4, 10),
    developing('SHORT', 3, 12),
    developing('TOO-LOW', 2, 4),
    developing('DRAFTED', 3, 2, { status: 'DRAFT' }),
  ]) {
    await upsertCurriculum(t, input);
  }
});
afterAll(() => t.close());

const PROFILE = `query($nip: String!) { learner(nip: $nip) { competencyProfile {
  competency { code name group } requiredLevel currentLevel gap assessedAt recommendedCurricula { code version title totalJp } } } }`;

describe('Learner.competencyProfile', () => {
  it('compares required with latest assessed levels and recommends published curricula, best first', async () => {
    const profile = dataOf(await t.gql(PROFILE, { nip: nips[0] })).learner.competencyProfile;
    expect(profile).toHaveLength(2);
    expect(profile[0]).toMatchObject({
      competency: { code: 'TPK.01', name: 'Analisis Data Kemiskinan', group: 'TECHNICAL' },
      requiredLevel: 3,
      currentLevel: 2,
      gap: 1,
      assessedAt: '2025-02-10T02:00:00.000Z',
    });
    expect(profile[0].recommendedCurricula.map((c: { code: string }) => c.code)).toEqual(['SHORT', 'LONG', 'HIGHER']);
    expect(profile[1]).toMatchObject({ competency: { code: 'TPK.02' }, requiredLevel: 2, currentLevel: 3, gap: 0 });

    const unassessed = dataOf(await t.gql(PROFILE, { nip: nips[1] })).learner.competencyProfile;
    expect(unassessed.map((g: { competency: { code: string }; currentLevel: number | null; gap: number }) => [g.competency.code, g.currentLevel, g.gap])).toEqual([
      ['TPK.01', null, 3],
      ['TPK.02', null, 2],
    ]);
  });

  it('suggests the best `first` curricula per gap (5 unless asked, 1 to 100)', async () => {
    const ask = (first: number) =>
      t.gql(`query($nip: String!, $first: Int!) { learner(nip: $nip) { competencyProfile { recommendedCurricula(first: $first) { code } } } }`, { nip: nips[0], first });
    const codes = (r: Awaited<ReturnType<typeof ask>>) => dataOf(r).learner.competencyProfile[0].recommendedCurricula.map((c: { code: string }) => c.code);
    expect(codes(await ask(2))).toEqual(['SHORT', 'LONG']);
    expect(codes(await ask(1))).toEqual(['SHORT']);
    expect(codes(await ask(100))).toEqual(['SHORT', 'LONG', 'HIGHER']);

    for (const jp of [30, 31, 32]) await upsertCurriculum(t, developing(`MORE-${jp}`, 3, jp));
    const profile = dataOf(await t.gql(PROFILE, { nip: nips[0] })).learner.competencyProfile;
    expect(profile[0].recommendedCurricula.map((c: { code: string }) => c.code)).toEqual(['SHORT', 'LONG', 'MORE-30', 'MORE-31', 'MORE-32']);
    expect(codes(await ask(6))).toEqual(['SHORT', 'LONG', 'MORE-30', 'MORE-31', 'MORE-32', 'HIGHER']);
    const refused = await ask(0);
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers the contract operation LearnerProgress', async () => {
    const r = dataOf(await t.gql(op('LearnerProgress'), { nip: nips[0], year: 2025 })).learner;
    expect(r.nip).toBe(nips[0]);
    expect(r.position).toEqual({ code: 'ANALIS', name: 'Analis Kebijakan' });
    expect(r.competencyProfile.map((g: { competency: { code: string }; gap: number }) => [g.competency.code, g.gap])).toEqual([
      ['TPK.01', 1],
      ['TPK.02', 0],
    ]);
  });

  it('is the learner’s own: another learner’s token is FORBIDDEN', async () => {
    const learner = await t.token('LEARNER', { nip: nips[1] });
    expect((await t.gql(PROFILE, { nip: nips[0] }, learner)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(dataOf(await t.gql(PROFILE, { nip: nips[1] }, learner)).learner.competencyProfile).toHaveLength(2);
  });

  it('costs the same number of statements for 2 or 20 learners', async () => {
    const LIST = `query($first: Int) { institution(code: "DINSOS") { learners(first: $first) { edges { node {
      competencyProfile { competency { code } gap recommendedCurricula { code owner { code } } } } } } } }`;
    const statements = (first: number) =>
      statementsOf(t, async () => expect(dataOf(await t.gql(LIST, { first })).institution.learners.edges).toHaveLength(first));
    expect(await statements(20)).toBe(await statements(2));
  });
});
