import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { sqlCount } from '../../support/sql';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const create = (input: Record<string, unknown>, token?: string | null) => t.gql(op('CreateInstitution'), { input }, token);

describe('createInstitution', () => {
  it('creates a tree and scopes admins to their subtree', async () => {
    const root = dataOf(await create({ code: 'PEMPROV-JATIM', name: 'Pemprov Jawa Timur', kind: 'LOCAL_GOVERNMENT', region: 'Jawa Timur' }));
    expect(root.createInstitution.userErrors).toEqual([]);
    expect(root.createInstitution.institution).toMatchObject({ code: 'PEMPROV-JATIM', parent: null, isCorporateUniversity: false });

    const child = dataOf(
      await create({ code: 'BPSDM-JATIM', name: 'BPSDM Jatim', kind: 'TRAINING_AGENCY', parentCode: 'PEMPROV-JATIM', isCorporateUniversity: true }),
    );
    expect(child.createInstitution.institution).toMatchObject({ code: 'BPSDM-JATIM', parent: { code: 'PEMPROV-JATIM' }, isCorporateUniversity: true });

    const admin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'BPSDM-JATIM' });
    const below = dataOf(await create({ code: 'UPT-1', name: 'UPT Pelatihan 1', kind: 'GOVERNMENT_UNIT', parentCode: 'BPSDM-JATIM' }, admin));
    expect(below.createInstitution.institution.parent.code).toBe('BPSDM-JATIM');

    const outside = await create({ code: 'X-1', name: 'Outside', kind: 'GOVERNMENT_UNIT', parentCode: 'PEMPROV-JATIM' }, admin);
    expect(outside.data?.createInstitution ?? null).toBeNull();
    expect(outside.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('reports every problem as userErrors and writes nothing', async () => {
    const before = await sqlCount(t.app.db, 'SELECT count(*) AS n FROM institutions');
    const r = dataOf(await create({ code: 'bad code!', name: ' ', kind: 'GOVERNMENT_UNIT', parentCode: 'NOPE' }));
    expect(r.createInstitution.userErrors.map((e: { field: string[] }) => e.field[0]).sort()).toEqual(['code', 'name', 'parentCode']);
    expect(await sqlCount(t.app.db, 'SELECT count(*) AS n FROM institutions')).toBe(before);
  });

  it('refuses a duplicate code, case-insensitively', async () => {
    const r = dataOf(await create({ code: 'pemprov-jatim', name: 'Again', kind: 'LOCAL_GOVERNMENT' }));
    expect(r.createInstitution.userErrors[0]).toMatchObject({ field: ['code'], code: 'ALREADY_EXISTS' });
  });

  it('needs a token, and the right role', async () => {
    const anonymous = await create({ code: 'A', name: 'A', kind: 'GOVERNMENT_UNIT' }, null);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const sync = await t.token('SYNC_CLIENT', { institutionCode: 'BPSDM-JATIM' });
    const r = await create({ code: 'B', name: 'B', kind: 'GOVERNMENT_UNIT', parentCode: 'BPSDM-JATIM' }, sync);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
