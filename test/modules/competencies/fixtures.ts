import { demoNip } from '../../../src/seed/demo-people';
import { op } from '../../support/contract';
import { dataOf, type TestApp } from '../../support/app';
import { sqlCount } from '../../support/sql';

const levels = (name: string) => [1, 2, 3, 4, 5].map((level) => ({ level, description: `${name} level ${level}` }));

export const competency = (code: string, name = code, group = 'TECHNICAL') => ({ code, name, group, levels: levels(name) });

export const TECH_FRAMEWORK = {
  code: 'TPK',
  name: 'Teknis Pengentasan Kemiskinan',
  version: 1,
  competencies: [competency('TPK.01', 'Analisis Data Kemiskinan'), competency('TPK.02', 'Pemberdayaan Ekonomi')],
};

/** Institutions KAB (with unit DINSOS below it) and OTHER, plus learners in DINSOS. */
export async function seedBasics(t: TestApp, learnerCount = 3) {
  const create = async (input: Record<string, unknown>) => {
    const r = dataOf(await t.gql(op('CreateInstitution'), { input }));
    if (r.createInstitution.userErrors.length) throw new Error(JSON.stringify(r.createInstitution.userErrors));
  };
  await create({ code: 'KAB', name: 'Kabupaten', kind: 'LOCAL_GOVERNMENT', isCorporateUniversity: true });
  await create({ code: 'DINSOS', name: 'Dinas Sosial', kind: 'GOVERNMENT_UNIT', parentCode: 'KAB' });
  await create({ code: 'OTHER', name: 'Other Kabupaten', kind: 'LOCAL_GOVERNMENT', isCorporateUniversity: true });
  const nips = Array.from({ length: learnerCount }, (_, i) => demoNip(i));
  const learners = nips.map((nip, i) => ({ nip, name: `Learner ${i}`, employmentType: 'PNS' }));
  const r = dataOf(await t.gql(op('ImportLearners'), { input: { institutionCode: 'DINSOS', learners } }));
  if (r.importLearners.userErrors.length) throw new Error(JSON.stringify(r.importLearners.userErrors));
  return { nips };
}

export async function upsertFramework(t: TestApp, input: Record<string, unknown> = TECH_FRAMEWORK, token?: string) {
  return dataOf(await t.gql(op('UpsertCompetencyFramework'), { input }, token)).upsertCompetencyFramework;
}

export const count = (t: TestApp, sql: string): Promise<number> => sqlCount(t.app.db, `SELECT count(*) AS n FROM ${sql}`);

/** SQL statements one request costs, to compare a page of 2 with a page of 20. */
export async function statementsOf(t: TestApp, run: () => Promise<unknown>): Promise<number> {
  const before = t.app.db.statements.count;
  await run();
  return t.app.db.statements.count - before;
}
