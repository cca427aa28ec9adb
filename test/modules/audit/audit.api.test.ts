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

  it('filters by target type and a time range (from included, to excluded)', async () => {
    const q = 'query($f: AuditLogFilter) { auditLog(filter: $f, first: 100) { totalCount edges { node { action targetType at } } } }';
    const all = dataOf(await t.gql(q, {})).auditLog.edges.map((e: { node: { action: string; targetType: string; at: string } }) => e.node);
    const institutions = dataOf(await t.gql(q, { f: { targetType: 'Institution' } })).auditLog;
    expect(institutions.totalCount).toBe(all.filter((e: { targetType: string }) => e.targetType === 'Institution').length);
    expect(institutions.totalCount).toBeGreaterThan(0);
    const newest = all[0].at;
    const from = dataOf(await t.gql(q, { f: { from: newest } })).auditLog.edges;
    const to = dataOf(await t.gql(q, { f: { to: newest } })).auditLog.edges;
    expect(from.every((e: { node: { at: string } }) => Date.parse(e.node.at) >= Date.parse(newest))).toBe(true);
    expect(to.every((e: { node: { at: string } }) => Date.parse(e.node.at) < Date.parse(newest))).toBe(true);
    expect(from.length + to.length).toBe(all.length);
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
