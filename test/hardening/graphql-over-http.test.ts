import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/**
 * The GraphQL-over-HTTP audit. Notices that remain by design (see README):
 * GET requests without a CSRF preflight header are blocked by Apollo's CSRF
 * prevention, which stays on.
 */
describe('GraphQL over HTTP (graphql-http auditServer)', () => {
  it('has no errors and no warnings', async () => {
    const results = await auditServer({ url: t.url });
    const problems = results.filter((r) => r.status !== 'ok' && r.status !== 'notice');
    expect(problems.map((r) => `${r.status}: ${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
    expect(results.filter((r) => r.status === 'ok').length).toBeGreaterThan(50);
  });

  it('answers queries over GET and refuses mutations over GET', async () => {
    const get = (query: string) =>
      fetch(`${t.url}?query=${encodeURIComponent(query)}`, {
        headers: { authorization: `Bearer ${t.adminToken}`, 'apollo-require-preflight': 'true', accept: 'application/json' },
      });
    const query = await get('{ viewer { role } }');
    expect(query.status).toBe(200);
    expect(await query.json()).toMatchObject({ data: { viewer: { role: 'SUPERADMIN' } } });
    const mutation = await get('mutation { revokeApiToken(id: "x") { userErrors { code } } }');
    expect(mutation.status).toBe(405);
  });

  it('answers variables of the wrong type with BAD_USER_INPUT (400), not an internal error', async () => {
    const mutation = 'mutation($input: CreateInstitutionInput!) { createInstitution(input: $input) { userErrors { code } } }';
    for (const input of [null, { code: 1, name: 'x', kind: 'GOVERNMENT_UNIT' }, { code: 'X', name: 'x', kind: 'NOPE' }]) {
      const r = await t.gql(mutation, { input });
      expect(r.status).toBe(400);
      expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('blocks simple cross-site GET requests (CSRF prevention)', async () => {
    const r = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(r.status).toBe(400);
  });
});
