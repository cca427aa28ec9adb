import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { sqlCount, sqlRow } from '../../support/sql';

let t: TestApp;
const PNS_NIP = '198501012010011001';
const PPPK_NIP = '123456789012345678';

beforeAll(async () => {
  t = await startTestApp();
  for (const input of [
    { code: 'KAB-PROBOLINGGO', name: 'Kabupaten Probolinggo', kind: 'LOCAL_GOVERNMENT' as const },
    { code: 'DINSOS', name: 'Dinas Sosial', kind: 'GOVERNMENT_UNIT' as const, parentCode: 'KAB-PROBOLINGGO' },
    { code: 'KOTA-KUPANG', name: 'Kota Kupang', kind: 'LOCAL_GOVERNMENT' as const },
  ]) {
    const r = await t.app.services.institutions.create(SYSTEM, input);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
  }
});
afterAll(() => t.close());

const importLearners = (input: Record<string, unknown>, token?: string | null) => t.gql(op('ImportLearners'), { input }, token);
const count = () => sqlCount(t.app.db, 'SELECT count(*) AS n FROM learners');

describe('importLearners', () => {
  it('creates, then reports unchanged and updated rows on re-import', async () => {
    const learners = [
      { nip: PNS_NIP, name: 'Budi Santoso', employmentType: 'PNS', email: 'Budi@Example.go.id' },
      { nip: PPPK_NIP, name: 'Sri Wahyuni', employmentType: 'PPPK' },
      { email: 'mulyono@bumdes.id', name: 'Mulyono', employmentType: 'NON_ASN' },
    ];
    const first = dataOf(await importLearners({ institutionCode: 'DINSOS', learners }));
    expect(first.importLearners).toEqual({ created: 3, updated: 0, unchanged: 0, userErrors: [] });

    const again = dataOf(await importLearners({ institutionCode: 'DINSOS', learners }));
    expect(again.importLearners).toMatchObject({ created: 0, updated: 0, unchanged: 3 });

    const renamed = learners.map((l, i) => (i === 1 ? { ...l, name: 'Sri Wahyuni, S.Sos.' } : l));
    const third = dataOf(await importLearners({ institutionCode: 'DINSOS', learners: renamed }));
    expect(third.importLearners).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect(await count()).toBe(3);

    const stored = await sqlRow<{ email: string }>(t.app.db, 'SELECT email FROM learners WHERE nip = ?', PNS_NIP);
    expect(stored?.email).toBe('budi@example.go.id');
  });

  it('rejects the whole batch with one userError per bad row, indexed', async () => {
    const before = await count();
    const r = dataOf(
      await importLearners({
        institutionCode: 'DINSOS',
        learners: [
          { nip: '198501012010011002', name: 'Valid Person', employmentType: 'PNS' },
          { nip: '12345', name: 'Short NIP', employmentType: 'PNS' },
          { nip: '198513012010011003', name: 'Month 13', employmentType: 'PNS' },
          { nip: '198501012010013004', name: 'Sex digit 3', employmentType: 'PNS' },
          { name: 'No e-mail', employmentType: 'NON_ASN' },
          { nip: '198501012010011002', name: 'Duplicate', employmentType: 'PNS' },
          { nip: 'abcdefghijklmnopqr', name: 'Letters', employmentType: 'PPPK' },
        ],
      }),
    );
    expect(r.importLearners.userErrors).toEqual([
      expect.objectContaining({ field: ['learners', '1', 'nip'], code: 'INVALID_NIP' }),
      expect.objectContaining({ field: ['learners', '2', 'nip'], code: 'INVALID_NIP' }),
      expect.objectContaining({ field: ['learners', '3', 'nip'], code: 'INVALID_NIP' }),
      expect.objectContaining({ field: ['learners', '4', 'email'], code: 'REQUIRED' }),
      expect.objectContaining({ field: ['learners', '5', 'nip'], code: 'DUPLICATE' }),
      expect.objectContaining({ field: ['learners', '6', 'nip'], code: 'INVALID_NIP' }),
    ]);
    expect(await count()).toBe(before);
  });

  it('refuses an unknown position and writes nothing', async () => {
    const before = await count();
    const r = dataOf(
      await importLearners({
        institutionCode: 'DINSOS',
        learners: [
          { nip: '199001012015012005', name: 'New One', employmentType: 'PNS' },
          { nip: '199001012015012006', name: 'Bad Position', employmentType: 'PNS', positionCode: 'NOPE' },
        ],
      }),
    );
    expect(r.importLearners.userErrors).toEqual([expect.objectContaining({ field: ['learners', '1', 'positionCode'], code: 'NOT_FOUND' })]);
    expect(await count()).toBe(before);
  });

  it('keeps admins in their subtree', async () => {
    const kupang = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KOTA-KUPANG' });
    const r = await importLearners({ institutionCode: 'DINSOS', learners: [] }, kupang);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const moved = dataOf(
      await importLearners({ institutionCode: 'KOTA-KUPANG', learners: [{ nip: PNS_NIP, name: 'Budi Santoso', employmentType: 'PNS' }] }, kupang),
    );
    expect(moved.importLearners.userErrors).toEqual([expect.objectContaining({ field: ['learners', '0', 'nip'], code: 'FORBIDDEN' })]);

    const probolinggo = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB-PROBOLINGGO' });
    const ok = dataOf(await importLearners({ institutionCode: 'DINSOS', learners: [] }, probolinggo));
    expect(ok.importLearners.userErrors).toEqual([]);
  });
});

describe('learner(nip)', () => {
  const query = 'query($nip: String!) { learner(nip: $nip) { id nip name employmentType institution { code } } }';

  it('shows a learner to admins in scope and to the learner themself only', async () => {
    const admin = dataOf(await t.gql(query, { nip: PNS_NIP }));
    expect(admin.learner).toMatchObject({ nip: PNS_NIP, name: 'Budi Santoso', institution: { code: 'DINSOS' } });

    const self = await t.token('LEARNER', { nip: PNS_NIP });
    expect(dataOf(await t.gql(query, { nip: PNS_NIP }, self)).learner.nip).toBe(PNS_NIP);
    const other = await t.gql(query, { nip: PPPK_NIP }, self);
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const kupang = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KOTA-KUPANG' });
    expect((await t.gql(query, { nip: PNS_NIP }, kupang)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(query, { nip: PNS_NIP }, null)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(dataOf(await t.gql(query, { nip: '199912312020121999' })).learner).toBeNull();
  });

  it('is refetchable by global id through node(id:)', async () => {
    const { learner } = dataOf(await t.gql(query, { nip: PNS_NIP }));
    const node = dataOf(await t.gql('query($id: ID!) { node(id: $id) { id __typename ... on Learner { nip } } }', { id: learner.id }));
    expect(node.node).toEqual({ id: learner.id, __typename: 'Learner', nip: PNS_NIP });
  });
});
