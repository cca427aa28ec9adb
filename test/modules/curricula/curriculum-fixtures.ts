import { op } from '../../support/contract';
import { dataOf, type TestApp } from '../../support/app';

/** A valid curriculum input on the TPK competencies of the shared fixtures. */
export function curriculumInput(code: string, overrides: Record<string, unknown> = {}) {
  return {
    code,
    version: 1,
    title: `Kurikulum ${code}`,
    description: 'Pengentasan kemiskinan berbasis data',
    ownerCode: 'KAB',
    status: 'PUBLISHED',
    approach: 'OUTCOME_BASED',
    outcomes: [
      { code: 'LO1', statement: 'Menganalisis data kemiskinan', competencyCode: 'TPK.01', targetLevel: 3 },
      { code: 'LO2', statement: 'Merancang program pemberdayaan', competencyCode: 'TPK.02', targetLevel: 2 },
    ],
    modules: [
      { code: 'M1', title: 'Data kemiskinan', jp: 8, deliveryMode: 'CLASSROOM', sequence: 1, outcomeCodes: ['LO1'] },
      { code: 'M2', title: 'Proyek lapangan', jp: 16, deliveryMode: 'FIELD_PROJECT', sequence: 2, outcomeCodes: ['LO1', 'LO2'] },
    ],
    ...overrides,
  };
}

export async function upsertCurriculum(
  t: TestApp,
  input: Record<string, unknown>,
  extra: { expectedRevision?: number; idempotencyKey?: string } = {},
  token?: string,
) {
  return dataOf(await t.gql(op('UpsertCurriculum'), { input, ...extra }, token)).upsertCurriculum;
}

export async function syncCurricula(t: TestApp, input: Record<string, unknown>, token?: string) {
  return dataOf(await t.gql(op('SyncCurricula'), { input }, token)).syncCurricula;
}
