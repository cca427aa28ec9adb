import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

const misspelt = '{ viewr { role } }';
const introspection = '{ __schema { queryType { name } } }';

describe('directive limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses more than 50 directives before running, and accepts 50', async () => {
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
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('suggests field names and answers introspection', async () => {
    expect((await t.gql(misspelt)).errors?.[0].message).toMatch(/Did you mean "viewer"/);
    expect((await t.gql(introspection)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('NODE_ENV=production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production' });
  });
  afterAll(() => t.close());

  it('hides field suggestions but keeps introspection on by default', async () => {
    const r = await t.gql(misspelt);
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0].message).toMatch(/viewr/);
    expect(r.errors?.[0].message).not.toMatch(/did you mean|viewer/i);
    expect((await t.gql(introspection)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('GRAPHQL_INTROSPECTION=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_INTROSPECTION: 'false' });
  });
  afterAll(() => t.close());

  it('refuses introspection queries but still runs ordinary ones', async () => {
    const r = await t.gql(introspection);
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0].message).toMatch(/introspection/i);
    expect(r.data).toBeUndefined();
    expect((await t.gql('{ viewer { role } }')).data).toEqual({ viewer: { role: 'SUPERADMIN' } });
  });
});
