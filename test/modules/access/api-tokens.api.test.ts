import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';

const HOUR = 3_600_000;
let clock = Date.now();
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { now: () => clock });
  await t.app.services.institutions.create(SYSTEM, { code: 'BPSDM-JATIM', name: 'BPSDM Jatim', kind: 'TRAINING_AGENCY' });
  await t.app.services.institutions.create(SYSTEM, { code: 'KAB-MALANG', name: 'Kab. Malang', kind: 'LOCAL_GOVERNMENT', parentCode: 'BPSDM-JATIM' });
  await t.app.services.institutions.create(SYSTEM, { code: 'KOTA-KUPANG', name: 'Kota Kupang', kind: 'LOCAL_GOVERNMENT' });
  await t.app.services.learners.importLearners(SYSTEM, {
    institutionCode: 'KAB-MALANG',
    learners: [{ nip: '198501012010011001', name: 'Budi Santoso', employmentType: 'PNS' }],
  });
});
afterAll(() => t.close());

const create = async (input: Record<string, unknown>, token?: string) => {
  const r = dataOf(await t.gql(op('CreateApiToken'), { input }, token)).createApiToken;
  expect(r.userErrors).toEqual([]);
  return r as { token: string; apiToken: { id: string; name: string } };
};
const listed = async (token: string, filter: Record<string, unknown> = {}) =>
  dataOf(await t.gql(op('ApiTokens'), { filter, first: 100 }, token)).apiTokens as {
    totalCount: number;
    edges: { node: { id: string; name: string; institution: { code: string } | null; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null } }[];
  };

describe('API tokens that expire', () => {
  it('works until expiresAt, then answers UNAUTHENTICATED', async () => {
    const expiresAt = new Date(clock + HOUR).toISOString();
    const { token, apiToken } = await create({ name: 'one hour', role: 'SYNC_CLIENT', institutionCode: 'BPSDM-JATIM', expiresAt });
    expect(dataOf(await t.gql(op('WhoAmI'), {}, token)).viewer).toMatchObject({ role: 'SYNC_CLIENT', authenticatedBy: 'API_TOKEN' });
    const entry = (await listed(t.adminToken)).edges.find((e) => e.node.id === apiToken.id);
    expect(entry?.node.expiresAt).toBe(expiresAt);
    clock += HOUR;
    expect((await t.gql(op('WhoAmI'), {}, token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expiresAt in the past as a userError, writing nothing', async () => {
    const before = (await listed(t.adminToken)).totalCount;
    const r = dataOf(await t.gql(op('CreateApiToken'), { input: { name: 'late', role: 'SUPERADMIN', expiresAt: new Date(clock - 1000).toISOString() } }));
    expect(r.createApiToken.userErrors).toEqual([expect.objectContaining({ field: ['expiresAt'], code: 'INVALID' })]);
    expect(r.createApiToken.token).toBeNull();
    expect((await listed(t.adminToken)).totalCount).toBe(before);
  });
});

describe('lastUsedAt', () => {
  it('records a use, at most once a minute per token, without writing per request', async () => {
    const { token, apiToken } = await create({ name: 'used', role: 'INSTITUTION_ADMIN', institutionCode: 'BPSDM-JATIM' });
    const lastUsed = async () => {
      await t.app.services.access.lastUsed.flush();
      return (await listed(t.adminToken)).edges.find((e) => e.node.id === apiToken.id)!.node.lastUsedAt;
    };
    expect(await lastUsed()).toBeNull();
    const first = clock;
    await t.gql(op('WhoAmI'), {}, token);
    expect(await lastUsed()).toBe(new Date(first).toISOString());
    clock += 30_000;
    await t.gql(op('WhoAmI'), {}, token);
    expect(await lastUsed()).toBe(new Date(first).toISOString());
    clock += 30_000;
    await t.gql(op('WhoAmI'), {}, token);
    expect(await lastUsed()).toBe(new Date(clock).toISOString());
  });
});

describe('apiTokens', () => {
  it('lists tokens in scope, never their secrets; an admin sees its subtree only', async () => {
    const jatimAdmin = await create({ name: 'jatim admin', role: 'INSTITUTION_ADMIN', institutionCode: 'BPSDM-JATIM' });
    const learner = await create({ name: 'budi app', role: 'LEARNER', nip: '198501012010011001' });
    const kupang = await create({ name: 'kupang sync', role: 'SYNC_CLIENT', institutionCode: 'KOTA-KUPANG' });

    const all = await listed(t.adminToken);
    const names = all.edges.map((e) => e.node.name);
    expect(names).toEqual(expect.arrayContaining(['jatim admin', 'budi app', 'kupang sync']));
    expect(all.totalCount).toBe(all.edges.length);
    const body = JSON.stringify(await t.gql(op('ApiTokens'), { first: 100 }));
    for (const secret of [jatimAdmin.token, learner.token, kupang.token, t.adminToken]) expect(body).not.toContain(secret);

    const scoped = await listed(jatimAdmin.token);
    const scopedNames = scoped.edges.map((e) => e.node.name);
    expect(scopedNames).toContain('budi app');
    expect(scopedNames).not.toContain('kupang sync');
    expect(scoped.edges.every((e) => e.node.institution !== null && e.node.institution.code !== 'KOTA-KUPANG')).toBe(true);

    const malang = await listed(jatimAdmin.token, { institutionCode: 'KAB-MALANG' });
    expect(malang.edges.map((e) => e.node.name)).toEqual(['budi app']);
    expect((await listed(t.adminToken, { role: 'LEARNER' })).edges.map((e) => e.node.name)).toEqual(['budi app']);
    expect((await t.gql(op('ApiTokens'), { filter: { institutionCode: 'KOTA-KUPANG' } }, jatimAdmin.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(op('ApiTokens'), {}, learner.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('leaves revoked tokens out unless includeRevoked, and pages', async () => {
    const gone = await create({ name: 'to revoke', role: 'SYNC_CLIENT', institutionCode: 'KOTA-KUPANG' });
    dataOf(await t.gql(op('RevokeApiToken'), { id: gone.apiToken.id }));
    expect((await listed(t.adminToken)).edges.map((e) => e.node.name)).not.toContain('to revoke');
    const withRevoked = await listed(t.adminToken, { includeRevoked: true });
    expect(withRevoked.edges.find((e) => e.node.name === 'to revoke')?.node.revokedAt).toMatch(/^\d{4}-/);

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = dataOf(await t.gql(op('ApiTokens'), { filter: { includeRevoked: true }, first: 2, after })).apiTokens;
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(withRevoked.edges.map((e) => e.node.id));
  });
});

describe('WhoAmI', () => {
  it('says how the caller came in', async () => {
    const { token } = await create({ name: 'budi phone', role: 'LEARNER', nip: '198501012010011001' });
    expect(dataOf(await t.gql(op('WhoAmI'), {}, token)).viewer).toEqual({
      role: 'LEARNER',
      name: 'budi phone',
      authenticatedBy: 'API_TOKEN',
      institution: { code: 'KAB-MALANG' },
      learner: { id: expect.any(String), nip: '198501012010011001', email: null, name: 'Budi Santoso' },
    });
  });
});
