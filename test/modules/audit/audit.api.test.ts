import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('auditLog', () => {
  it('records who did what in the same transaction, newest first, filterable, paginated', async () => {
    const superToken = await t.token('SUPERADMIN');
    const viewerName = dataOf(await t.gql('{ viewer { name } }', {}, superToken)).viewer.name;
    dataOf(await t.gql(op('CreateInstitution'), { input: { code: 'LAN', name: 'Lembaga Administrasi Negara', kind: 'NATIONAL_AGENCY' } }, superToken));
    dataOf(await t.gql(op('CreateInstitution'), { input: { code: 'BP-TASKIN', name: 'BP Taskin', kind: 'NATIONAL_AGENCY' } }, superToken));
    const created = dataOf(await t.gql(op('CreateApiToken'), { input: { name: 'lan admin', role: 'INSTITUTION_ADMIN', institutionCode: 'LAN' } }, superToken));
    const secret = created.createApiToken.token as string;

    const all = dataOf(await t.gql(op('AuditLog'), { first: 50 }));
    const actions = all.auditLog.edges.map((e: { node: { action: string } }) => e.node.action);
    expect(actions.slice(0, 3)).toEqual(['createApiToken', 'createInstitution', 'createInstitution']);
    expect(all.auditLog.edges[1].node).toMatchObject({ actor: viewerName, targetType: 'Institution', targetId: 'BP-TASKIN' });
    expect(JSON.stringify(all)).not.toContain(secret);

    const onlyInstitutions = dataOf(await t.gql(op('AuditLog'), { action: 'createInstitution', first: 1 }));
    expect(onlyInstitutions.auditLog.edges).toHaveLength(1);
    expect(onlyInstitutions.auditLog.edges[0].node.targetId).toBe('BP-TASKIN');
    expect(onlyInstitutions.auditLog.pageInfo.hasNextPage).toBe(true);
    const next = dataOf(await t.gql(op('AuditLog'), { action: 'createInstitution', first: 1, after: onlyInstitutions.auditLog.pageInfo.endCursor }));
    expect(next.auditLog.edges.map((e: { node: { targetId: string } }) => e.node.targetId)).toEqual(['LAN']);
    expect(next.auditLog.pageInfo.hasNextPage).toBe(false);
  });

  it('writes no audit row when a mutation fails', async () => {
    const before = dataOf(await t.gql('{ auditLog(first: 100) { totalCount } }')).auditLog.totalCount;
    dataOf(await t.gql(op('CreateInstitution'), { input: { code: 'LAN', name: 'dup', kind: 'NATIONAL_AGENCY' } }));
    expect(dataOf(await t.gql('{ auditLog(first: 100) { totalCount } }')).auditLog.totalCount).toBe(before);
  });

  it('shows institution admins only their subtree, and nothing to learners or sync clients', async () => {
    const admin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'BP-TASKIN' });
    const seen = dataOf(await t.gql(op('AuditLog'), {}, admin));
    const targets = seen.auditLog.edges.map((e: { node: { targetId: string } }) => e.node.targetId);
    expect(targets).toContain('BP-TASKIN');
    expect(targets).not.toContain('LAN');
    const sync = await t.token('SYNC_CLIENT', { institutionCode: 'LAN' });
    expect((await t.gql(op('AuditLog'), {}, sync)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
