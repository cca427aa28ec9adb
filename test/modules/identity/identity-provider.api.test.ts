import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.app.services.institutions.create(SYSTEM, { code: 'BPSDM-JATIM', name: 'BPSDM Jatim', kind: 'TRAINING_AGENCY' });
  await t.app.services.institutions.create(SYSTEM, { code: 'KAB-MALANG', name: 'Kab. Malang', kind: 'LOCAL_GOVERNMENT', parentCode: 'BPSDM-JATIM' });
  await t.app.services.institutions.create(SYSTEM, { code: 'KOTA-KUPANG', name: 'Kota Kupang', kind: 'LOCAL_GOVERNMENT' });
});
afterAll(() => t.close());

const input = (extra: Record<string, unknown> = {}) => ({
  name: 'SSO Malang',
  issuer: 'https://sso.malangkab.go.id/realms/asn',
  audience: 'bangkom',
  institutionCode: 'KAB-MALANG',
  ...extra,
});
const register = async (values: Record<string, unknown>, token?: string | null) => (await t.gql(op('RegisterIdentityProvider'), { input: values }, token));
const providers = async (token?: string) => dataOf(await t.gql(op('IdentityProviders'), { first: 100 }, token)).identityProviders;

describe('registerIdentityProvider', () => {
  it('stores a provider for an institution, with default claims, and audits it', async () => {
    const r = dataOf(await register(input())).registerIdentityProvider;
    expect(r.userErrors).toEqual([]);
    expect(r.identityProvider).toEqual({
      id: expect.any(String),
      name: 'SSO Malang',
      issuer: 'https://sso.malangkab.go.id/realms/asn',
      audience: 'bangkom',
      institution: { code: 'KAB-MALANG' },
      nipClaim: 'nip',
      emailClaim: 'email',
      createLearners: false,
      active: true,
    });
    const audit = dataOf(await t.gql('{ auditLog(first: 1, filter: { action: "registerIdentityProvider" }) { edges { node { targetType summary } } } }')).auditLog.edges;
    expect(audit[0].node).toEqual({ targetType: 'IdentityProvider', summary: expect.stringContaining('"SSO Malang" (https://sso.malangkab.go.id/realms/asn, audience bangkom) for KAB-MALANG') });
  });

  it('keeps (issuer, audience) unique; another audience of the same issuer is another provider', async () => {
    const again = dataOf(await register(input({ name: 'again' }))).registerIdentityProvider;
    expect(again).toEqual({ identityProvider: null, userErrors: [expect.objectContaining({ field: ['audience'], code: 'ALREADY_EXISTS' })] });
    const other = dataOf(await register(input({ name: 'mobile', audience: 'bangkom-mobile', nipClaim: 'employee_nip', emailClaim: 'mail' }))).registerIdentityProvider;
    expect(other.identityProvider).toMatchObject({ audience: 'bangkom-mobile', nipClaim: 'employee_nip', emailClaim: 'mail' });
  });

  it('takes https issuers only while OIDC_ALLOW_HTTP_ISSUERS is off, and reports every bad field, writing nothing', async () => {
    const before = (await providers()).totalCount;
    const http = dataOf(await register(input({ issuer: 'http://sso.internal/realms/asn' }))).registerIdentityProvider;
    expect(http.userErrors).toEqual([expect.objectContaining({ field: ['issuer'], code: 'INVALID', message: expect.stringContaining('https') })]);
    const bad = dataOf(
      await register(input({ issuer: 'https://sso.example.org/?x=1', audience: '', institutionCode: 'NOPE', nipClaim: 'has space' })),
    ).registerIdentityProvider;
    expect(bad.userErrors.map((e: { field: string[] }) => e.field[0]).sort()).toEqual(['audience', 'institutionCode', 'issuer', 'nipClaim']);
    expect(dataOf(await register(input({ issuer: 'not a url' }))).registerIdentityProvider.userErrors[0].code).toBe('INVALID');
    expect((await providers()).totalCount).toBe(before);
  });

  it('is for a SUPERADMIN only', async () => {
    const admin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'BPSDM-JATIM' });
    expect((await register(input({ audience: 'x' }), admin)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await register(input({ audience: 'x' }), null)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('identityProviders and setIdentityProviderActive', () => {
  it('lists providers in scope with lastSignInAt; an institution admin sees those of its subtree', async () => {
    dataOf(await register(input({ name: 'SSO Kupang', issuer: 'https://sso.kupangkota.go.id', institutionCode: 'KOTA-KUPANG' })));
    const all = await providers();
    expect(all.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['SSO Malang', 'mobile', 'SSO Kupang']);
    expect(all.edges[0].node).toMatchObject({ institution: { code: 'KAB-MALANG' }, active: true, lastSignInAt: null });
    const jatim = await providers(await t.token('INSTITUTION_ADMIN', { institutionCode: 'BPSDM-JATIM' }));
    expect(jatim.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['SSO Malang', 'mobile']);
    expect(jatim.totalCount).toBe(2);
    expect((await t.gql(op('IdentityProviders'), {}, await t.token('SYNC_CLIENT', { institutionCode: 'BPSDM-JATIM' }))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('deactivates and reactivates, audited; a wrong id is a userError', async () => {
    const id = (await providers()).edges[0].node.id;
    const off = dataOf(await t.gql(op('SetIdentityProviderActive'), { input: { id, active: false } })).setIdentityProviderActive;
    expect(off).toEqual({ identityProvider: { id, active: false }, userErrors: [] });
    expect((await providers()).edges[0].node.active).toBe(false);
    const audit = dataOf(await t.gql('{ auditLog(first: 1, filter: { action: "setIdentityProviderActive" }) { edges { node { summary } } } }')).auditLog.edges;
    expect(audit[0].node.summary).toBe('Deactivated identity provider "SSO Malang"');
    const missing = Buffer.from('IdentityProvider:999').toString('base64url');
    expect(dataOf(await t.gql(op('SetIdentityProviderActive'), { input: { id: missing, active: true } })).setIdentityProviderActive.userErrors).toEqual([
      expect.objectContaining({ field: ['id'], code: 'NOT_FOUND' }),
    ]);
    expect(dataOf(await t.gql(op('SetIdentityProviderActive'), { input: { id: 'nonsense', active: true } })).setIdentityProviderActive.userErrors).toEqual([
      expect.objectContaining({ field: ['id'], code: 'NOT_FOUND' }),
    ]);
    const admin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB-MALANG' });
    expect((await t.gql(op('SetIdentityProviderActive'), { input: { id, active: true } }, admin)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
