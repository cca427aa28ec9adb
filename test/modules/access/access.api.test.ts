import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { sqlCount, sqlRow, sqlRows } from '../../support/sql';

const BOOTSTRAP = 'bootstrap-secret-for-tests-0123456789';
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ BOOTSTRAP_ADMIN_TOKEN: BOOTSTRAP });
  await t.app.services.institutions.create(SYSTEM, { code: 'BPSDM-JATIM', name: 'BPSDM Jatim', kind: 'TRAINING_AGENCY' });
  await t.app.services.institutions.create(SYSTEM, { code: 'KOTA-KUPANG', name: 'Kota Kupang', kind: 'LOCAL_GOVERNMENT' });
  await t.app.services.learners.importLearners(SYSTEM, {
    institutionCode: 'BPSDM-JATIM',
    learners: [{ nip: '198501012010011001', name: 'Budi Santoso', employmentType: 'PNS' }],
  });
});
afterAll(() => t.close());

const createToken = (input: Record<string, unknown>, token?: string | null) => t.gql(op('CreateApiToken'), { input }, token);
const viewerQuery = '{ viewer { role name institution { code } learner { nip } } }';

describe('API tokens', () => {
  it('accepts BOOTSTRAP_ADMIN_TOKEN as a SUPERADMIN and stores only its hash', async () => {
    const r = dataOf(await t.gql(viewerQuery, {}, BOOTSTRAP));
    expect(r.viewer).toMatchObject({ role: 'SUPERADMIN', name: 'bootstrap-admin' });
    const stored = await sqlRow<{ token_hash: string }>(t.app.db, 'SELECT token_hash FROM api_tokens WHERE name = ?', 'bootstrap-admin');
    expect(stored?.token_hash).toBe(createHash('sha256').update(BOOTSTRAP).digest('hex'));
    expect(await sqlCount(t.app.db, "SELECT count(*) AS n FROM api_tokens WHERE token_hash LIKE '%bootstrap-secret%'")).toBe(0);
  });

  it('creates a token shown once, which then identifies its holder', async () => {
    const r = dataOf(await createToken({ name: 'Jatim portal', role: 'INSTITUTION_ADMIN', institutionCode: 'BPSDM-JATIM' }));
    const { token, apiToken, userErrors } = r.createApiToken;
    expect(userErrors).toEqual([]);
    expect(token).toMatch(/^bkm_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({ name: 'Jatim portal', role: 'INSTITUTION_ADMIN', institution: { code: 'BPSDM-JATIM' }, learner: null });
    expect(dataOf(await t.gql(viewerQuery, {}, token)).viewer).toEqual({
      role: 'INSTITUTION_ADMIN',
      name: 'Jatim portal',
      institution: { code: 'BPSDM-JATIM' },
      learner: null,
    });
    const rows = await sqlRows<{ token_hash: string }>(t.app.db, 'SELECT token_hash FROM api_tokens');
    expect(rows.some((row) => row.token_hash.includes(token) || token.includes(row.token_hash))).toBe(false);
  });

  it('binds LEARNER tokens to one NIP', async () => {
    const r = dataOf(await createToken({ name: 'Budi app', role: 'LEARNER', nip: '198501012010011001' }));
    expect(r.createApiToken.apiToken.learner).toEqual({ nip: '198501012010011001' });
    expect(dataOf(await t.gql(viewerQuery, {}, r.createApiToken.token)).viewer.learner).toEqual({ nip: '198501012010011001' });
  });

  it('reports missing scope data as userErrors', async () => {
    const r = dataOf(await createToken({ name: 'x', role: 'SYNC_CLIENT' }));
    expect(r.createApiToken.userErrors).toEqual([expect.objectContaining({ field: ['institutionCode'], code: 'REQUIRED' })]);
    const l = dataOf(await createToken({ name: 'x', role: 'LEARNER', nip: '199001012015012999' }));
    expect(l.createApiToken.userErrors).toEqual([expect.objectContaining({ field: ['nip'], code: 'NOT_FOUND' })]);
  });

  it('lets institution admins mint tokens only inside their subtree and never SUPERADMIN', async () => {
    const admin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'BPSDM-JATIM' });
    const own = dataOf(await createToken({ name: 'sync', role: 'SYNC_CLIENT', institutionCode: 'BPSDM-JATIM' }, admin));
    expect(own.createApiToken.userErrors).toEqual([]);
    expect((await createToken({ name: 'x', role: 'SYNC_CLIENT', institutionCode: 'KOTA-KUPANG' }, admin)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await createToken({ name: 'x', role: 'SUPERADMIN' }, admin)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const learner = await t.token('LEARNER', { nip: '198501012010011001' });
    expect((await createToken({ name: 'x', role: 'LEARNER', nip: '198501012010011001' }, learner)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('revokes a token: it stops working at once, and cannot be revoked twice', async () => {
    const created = dataOf(await createToken({ name: 'short-lived', role: 'SYNC_CLIENT', institutionCode: 'BPSDM-JATIM' })).createApiToken;
    const revoked = dataOf(await t.gql(op('RevokeApiToken'), { id: created.apiToken.id }));
    expect(revoked.revokeApiToken.apiToken.id).toBe(created.apiToken.id);
    expect(revoked.revokeApiToken.apiToken.revokedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await t.gql(viewerQuery, {}, created.token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const again = dataOf(await t.gql(op('RevokeApiToken'), { id: created.apiToken.id }));
    expect(again.revokeApiToken.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_REVOKED' })]);
    expect((await t.gql(op('RevokeApiToken'), { id: 'not-an-id' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers UNAUTHENTICATED for a missing or unknown token', async () => {
    expect((await t.gql(viewerQuery, {}, null)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(viewerQuery, {}, 'bkm_not-a-real-token')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
