import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoNip } from '../../../src/seed/demo-people';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { sqlRows } from '../../support/sql';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ SEED_DEMO: 'true' });
});
afterAll(() => t.close());

describe('demo seed: competencies, the academy and its first cohort', () => {
  it('has the PermenPANRB 38/2017 and poverty-alleviation frameworks', async () => {
    const frameworks = dataOf(await t.gql(op('CompetencyFrameworks'), {}, null)).competencyFrameworks;
    const codes = frameworks.flatMap((f: { competencies: { code: string }[] }) => f.competencies.map((c) => c.code));
    expect(codes).toEqual(expect.arrayContaining(['M.01', 'M.08', 'SK.01', 'TPK.01']));
  });

  it('publishes the academy curriculum owned by Kabupaten Probolinggo', async () => {
    const c = dataOf(await t.gql(op('CurriculumByCode'), { code: 'APK-PROBOLINGGO' }, null)).curriculum;
    expect(c).toMatchObject({ status: 'PUBLISHED', approach: 'OUTCOME_BASED', totalJp: 66, owner: { code: 'KAB-PROBOLINGGO' } });
    expect(c.modules.some((m: { deliveryMode: string }) => m.deliveryMode === 'FIELD_PROJECT')).toBe(true);
  });

  it('enrols the 21 ASN in the first cohort with some progress', async () => {
    const rows = await sqlRows(
      t.app.db,
      `SELECT c.name, c.start_date AS start, count(e.id) AS enrolled, sum(CASE WHEN e.status = 'COMPLETED' THEN 1 ELSE 0 END) AS completed
       FROM cohorts c JOIN enrollments e ON e.cohort_id = c.id GROUP BY c.id`,
    );
    expect(rows).toEqual([
      { name: 'Akademi Pengentasan Kemiskinan, Kabupaten Probolinggo, angkatan I', start: '2025-10-07', enrolled: 21, completed: 3 },
    ]);
    const profile = dataOf(
      await t.gql('query($nip: String!) { learner(nip: $nip) { competencyProfile { gap recommendedCurricula { code } } } }', { nip: demoNip(1) }),
    ).learner.competencyProfile;
    expect(profile.length).toBeGreaterThan(0);
  });
});
