import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

/** A server started for the enclosing describe block with these environment overrides. */
function serverWith(env: Record<string, string> = {}): () => TestApp {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(env);
  });
  afterAll(() => t.close());
  return () => t;
}

const misspelt = '{ viewr { role } }';
const introspection = '{ __schema { queryType { name } } }';

describe('directive limit', () => {
  const app = serverWith();

  it('refuses more than 50 directives before running, and accepts 50', async () => {
    const t = app();
    const many = (n: number) =>
      `{ viewer { role } ${Array.from({ length: n }, (_, i) => `a${i}: __typename @include(if: true)`).join(' ')} }`;
    const refused = await t.gql(many(51));
    expect(refused.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.errors?.[0].message).toMatch(/directive/i);
    expect(refused.data).toBeUndefined();
    const accepted = await t.gql(many(50));
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data).toMatchObject({ viewer: { role: 'SUPERADMIN' }, a49: 'Query' });
  });
});

describe('outside production (defaults)', () => {
  const app = serverWith();

  it('suggests field names and answers introspection', async () => {
    const t = app();
    expect((await t.gql(misspelt)).errors?.[0].message).toMatch(/Did you mean "viewer"/);
    expect((await t.gql(introspection)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('NODE_ENV=production', () => {
  const app = serverWith({ NODE_ENV: 'production' });

  it('hides field suggestions but keeps introspection on by default', async () => {
    const t = app();
    const r = await t.gql(misspelt);
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0].message).toMatch(/viewr/);
    expect(r.errors?.[0].message).not.toMatch(/did you mean|viewer/i);
    expect((await t.gql(introspection)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('GRAPHQL_INTROSPECTION=false', () => {
  const app = serverWith({ GRAPHQL_INTROSPECTION: 'false' });

  it('refuses introspection queries but still runs ordinary ones', async () => {
    const t = app();
    const r = await t.gql(introspection);
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0].message).toMatch(/introspection/i);
    expect(r.data).toBeUndefined();
    expect((await t.gql('{ viewer { role } }')).data).toEqual({ viewer: { role: 'SUPERADMIN' } });
  });
});
