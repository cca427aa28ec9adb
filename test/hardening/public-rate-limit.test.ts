import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';

/** A server started for the enclosing describe block with these environment overrides. */
function serverWith(env: Record<string, string>): () => TestApp {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(env);
  });
  afterAll(() => t.close());
  return () => t;
}

const PER_MINUTE = 3;
const COST_PER_MINUTE = 20;
const limits = { PUBLIC_RATE_LIMIT_PER_MINUTE: String(PER_MINUTE), RATE_LIMIT_COST_PER_MINUTE: String(COST_PER_MINUTE) };

const get = (t: TestApp, path: string, forwardedFor?: string) =>
  fetch(`${new URL(t.url).origin}${path}`, { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });

/** An anonymous GraphQL request: its budget is keyed by client address. */
async function anonymousVerify(t: TestApp, forwardedFor?: string): Promise<number> {
  const response = await fetch(t.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify({ query: '{ verifyCertificate(code: "AAAAAAAAAAAAAAAAAAAAAA") { valid } }' }),
  });
  await response.body?.cancel();
  return response.status;
}

async function spendPublicBudget(t: TestApp, forwardedFor?: string): Promise<void> {
  for (let i = 0; i < PER_MINUTE; i++) expect((await get(t, '/.well-known/jwks.json', forwardedFor)).status).toBe(200);
}

async function spendGraphQLBudget(t: TestApp, forwardedFor?: string): Promise<void> {
  const statuses: number[] = [];
  for (let i = 0; i <= COST_PER_MINUTE && !statuses.includes(429); i++) statuses.push(await anonymousVerify(t, forwardedFor));
  expect(statuses[0]).toBe(200);
  expect(statuses.at(-1)).toBe(429);
}

describe('public routes without TRUST_PROXY', () => {
  const app = serverWith(limits);

  it('answer 429 with Retry-After once an address spends its budget, across all public routes', async () => {
    const t = app();
    await spendPublicBudget(t);
    const refused = await get(t, '/certificates/AAAAAAAAAAAAAAAAAAAAAA');
    expect(refused.status).toBe(429);
    const seconds = Number(refused.headers.get('retry-after'));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({
      errors: [{ message: expect.stringContaining(`more than ${PER_MINUTE} requests`), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds } }],
    });
    expect((await get(t, '/credentials/status/1')).status).toBe(429);
    // Health checks and GraphQL (its own cost budget) are not public documents.
    expect((await get(t, '/healthz')).status).toBe(200);
    expect((await t.gql('{ viewer { role } }')).data).toEqual({ viewer: { role: 'SUPERADMIN' } });
  });

  it('ignore a spoofed X-Forwarded-For: it does not buy a fresh budget', async () => {
    const t = app();
    expect((await get(t, '/.well-known/jwks.json', '203.0.113.7')).status).toBe(429);
    await spendGraphQLBudget(t);
    expect(await anonymousVerify(t, '203.0.113.8')).toBe(429);
  });
});

describe('TRUST_PROXY naming the proxy', () => {
  const app = serverWith({ ...limits, TRUST_PROXY: '127.0.0.1' });

  it('key each client by its forwarded address', async () => {
    const t = app();
    await spendPublicBudget(t, '203.0.113.7');
    expect((await get(t, '/.well-known/jwks.json', '203.0.113.7')).status).toBe(429);
    expect((await get(t, '/.well-known/jwks.json', '198.51.100.1, 203.0.113.9')).status).toBe(200);

    await spendGraphQLBudget(t, '203.0.113.7');
    expect(await anonymousVerify(t, '203.0.113.9')).toBe(200);
  });
});

describe('TRUST_PROXY naming another proxy', () => {
  const app = serverWith({ ...limits, TRUST_PROXY: '10.0.0.0/8' });

  it('does not believe X-Forwarded-For from a peer that is not that proxy', async () => {
    const t = app();
    await spendPublicBudget(t, '203.0.113.7');
    expect((await get(t, '/.well-known/jwks.json', '203.0.113.9')).status).toBe(429);
  });
});
