import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CostRateLimiter } from '../../src/graphql/rate-limit';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT_COST_PER_MINUTE: '30' });
});
afterAll(() => t.close());

describe('per-token cost budget', () => {
  it('answers RATE_LIMITED (HTTP 429) once a token spends its budget, without affecting other tokens', async () => {
    const query = '{ viewer { role name } }';
    const first = await t.gql(query);
    const cost = (first.extensions?.cost as { requested: number }).requested;
    expect(cost).toBeGreaterThan(0);
    let refused;
    for (let i = 0; i < 40 && !refused; i++) {
      const r = await t.gql(query);
      if (r.errors) refused = r;
    }
    expect(refused?.status).toBe(429);
    expect(refused?.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(refused?.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
    const other = await t.token('SUPERADMIN');
    expect((await t.gql(query, {}, other)).data).toMatchObject({ viewer: { role: 'SUPERADMIN' } });
  });

  it('says when to retry in the Retry-After header as well as in extensions', async () => {
    const spender = await t.token('SUPERADMIN');
    const post = () =>
      fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${spender}` },
        body: JSON.stringify({ query: '{ viewer { role name } }' }),
      });
    let refused: Response | undefined;
    for (let i = 0; i < 40 && !refused; i++) {
      const r = await post();
      if (r.status === 429) refused = r;
    }
    expect(refused?.status).toBe(429);
    const body = (await refused!.json()) as { errors: { extensions: Record<string, unknown> }[] };
    const seconds = body.errors[0].extensions.retryAfterSeconds as number;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(refused!.headers.get('retry-after')).toBe(String(seconds));
    expect(body.errors[0].extensions).not.toHaveProperty('http');
  });

  it('starts a fresh budget each minute', () => {
    let now = 60_000 * 1000;
    const limiter = new CostRateLimiter(10, () => now);
    expect(limiter.take('a', 8).allowed).toBe(true);
    expect(limiter.take('a', 3)).toMatchObject({ allowed: false });
    expect(limiter.take('b', 3).allowed).toBe(true);
    now += 60_000;
    expect(limiter.take('a', 10).allowed).toBe(true);
  });
});
