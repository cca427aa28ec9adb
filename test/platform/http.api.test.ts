import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/auth/viewer';
import { dataOf, startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await t.app.services.institutions.create(SYSTEM, { code: 'DINSOS', name: 'Dinas Sosial', kind: 'GOVERNMENT_UNIT' });
  const learners = Array.from({ length: 30 }, (_, i) => ({
    nip: `19850101201001${1 + (i % 2)}${String(i + 1).padStart(3, '0')}`,
    name: `Peserta ${String(i).padStart(2, '0')}`,
    employmentType: 'PNS' as const,
  }));
  const r = await t.app.services.learners.importLearners(SYSTEM, { institutionCode: 'DINSOS', learners });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
});
afterAll(() => t.close());

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}`, ...headers }, body });

describe('HTTP surface', () => {
  it('answers /healthz with 200 JSON once migrated', async () => {
    const r = await fetch(t.url.replace('/graphql', '/healthz'));
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok' });
  });

  it('refuses operations nested deeper than 15 levels before running them', async () => {
    const deep = `{ ${'institution(code: "DINSOS") { parent { '.repeat(1)}${'parent { '.repeat(14)}code${' }'.repeat(16)} }`;
    const r = await t.gql(deep);
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0].message).toMatch(/depth/i);
    expect(r.data).toBeUndefined();
  });

  it('refuses more than 100 aliases', async () => {
    const aliases = Array.from({ length: 101 }, (_, i) => `a${i}: viewer { role }`).join(' ');
    const r = await t.gql(`{ ${aliases} }`);
    expect(r.errors?.[0].message).toMatch(/alias/i);
    const ok = await t.gql(`{ ${Array.from({ length: 100 }, (_, i) => `a${i}: __typename`).join(' ')} }`);
    expect(ok.errors).toBeUndefined();
  });

  it('refuses documents of more than 10,000 tokens as a parse error', async () => {
    const r = await t.gql(`{ ${'__typename '.repeat(10_001)} }`);
    expect(r.status).toBe(400);
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.errors?.[0].message).toMatch(/token/i);
  });

  it('accepts a 20 MB request body and refuses one over 25 MB with a GraphQL error', async () => {
    const query = 'query($blob: String!) { institution(code: $blob) { code } }';
    // One string that long fits only a file field (see test/hardening/hostile-variables.test.ts).
    const chunks = Array.from({ length: 320 }, () => 'x'.repeat(64 * 1024));
    const accepted = await post(JSON.stringify({ query, variables: { blob: 'x', chunks } }));
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as { data: unknown }).data).toEqual({ institution: null });
    const refused = await post(JSON.stringify({ query, variables: { blob: 'x'.repeat(26 * 1024 * 1024) } }));
    expect(refused.status).toBe(413);
    const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('reports the operation cost and refuses an operation over the cost limit', async () => {
    const cheap = await t.gql('{ viewer { role } }');
    expect(cheap.extensions?.cost).toMatchObject({ requested: expect.any(Number), maximum: expect.any(Number) });
    const nested = `{ a: institutions(first: 100) { edges { node { learners(first: 100) { edges { node { nip institution { code } } } } } } } }`;
    const r = await t.gql(nested);
    expect(r.errors?.[0].extensions?.code).toBe('COST_LIMIT_EXCEEDED');
  });

  it('returns no stack traces in errors', async () => {
    const r = await t.gql('{ institution(code: 1) { code } }');
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(r)).not.toMatch(/stacktrace|at .*\.(js|ts):\d+/);
  });
});

describe('connections', () => {
  const page = `query($first: Int, $after: String) { institution(code: "DINSOS") { learners(first: $first, after: $after) {
    totalCount edges { cursor node { nip name institution { code name } } } pageInfo { hasNextPage endCursor } } } }`;

  it('walks every learner exactly once with stable cursors, even while rows are inserted', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let inserted = false;
    for (;;) {
      const data: any = dataOf(await t.gql(page, { first: 7, after }));
      const conn: any = data.institution.learners;
      seen.push(...conn.edges.map((e: { node: { name: string } }) => e.node.name));
      if (!inserted) {
        inserted = true;
        // sorts before the cursor: must not shift the next page
        await t.app.services.learners.importLearners(SYSTEM, {
          institutionCode: 'DINSOS',
          learners: [{ nip: '199001012015011777', name: 'Aaron Early', employmentType: 'PNS' }],
        });
      }
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    const expected = Array.from({ length: 30 }, (_, i) => `Peserta ${String(i).padStart(2, '0')}`);
    expect(seen).toEqual(expected);
    expect(dataOf(await t.gql(page, { first: 1 })).institution.learners.totalCount).toBe(31);
  });

  it('refuses first outside 1-100 and malformed cursors', async () => {
    for (const first of [0, 101, -1]) {
      expect((await t.gql(page, { first })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect((await t.gql(page, { first: 5, after: 'garbage' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('runs the same number of SQL statements for a page of 2 and a page of 20', async () => {
    const statements = async (first: number) => {
      // A token's "last used" is written in the background a second after its use: not this page's statements.
      await t.app.services.access.lastUsed.flush();
      const before = t.app.db.statements.count;
      dataOf(await t.gql(page, { first }));
      return t.app.db.statements.count - before;
    };
    await statements(2);
    const small = await statements(2);
    const large = await statements(20);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(6);
  });
});
