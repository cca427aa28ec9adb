import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startChildServer, stopChild, type ChildServer } from './child-server';
import { count, inspect } from './issuance-world';

/**
 * WEB_CONCURRENCY=2: a primary and two workers behind one port. Each request
 * below opens its own connection, which the primary hands to the workers in
 * turn, and the logs say which worker answered.
 */

const TOKEN = 'cluster-superadmin-token-0123456789abcdef';
const dirs: string[] = [];
let server: ChildServer | undefined;

afterEach(async () => {
  if (server) await stopChild(server.child);
  server = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'bangkom-cluster-'));
  dirs.push(dir);
  return dir;
};

/** One request on a connection of its own (no keep-alive), so the next may go to another worker. */
function once(url: string, options: { method?: string; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: options.method ?? 'GET',
      agent: false,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', connection: 'close' },
    });
    req.on('response', async (res) => {
      let body = '';
      for await (const chunk of res) body += chunk;
      resolve({ status: res.statusCode!, body });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const base = (s: ChildServer) => s.url.replace(/\/graphql$/, '');
const logLines = (s: ChildServer) =>
  s
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
/** The workers that logged the `count` answers to `path`; a log line may reach us after its answer, so it waits for them. */
async function answeredBy(s: ChildServer, path: string, count: number): Promise<Set<unknown>> {
  const logged = () => logLines(s).filter((l) => l.msg === 'request' && l.path === path);
  await waitFor(() => logged().length >= count);
  return new Set(logged().map((l) => l.worker));
}

describe('WEB_CONCURRENCY=2 on a fresh data directory', () => {
  it('migrates, seeds, makes the bootstrap token and the signing key once, before the workers start, and both serve the same key', async () => {
    const dir = freshDir();
    const path = join(dir, 'fresh.sqlite');
    server = await startChildServer(path, TOKEN, { WEB_CONCURRENCY: '2', SEED_DEMO: 'true' });
    await waitFor(() => /2 processes/.test(server!.output()));

    const logs = logLines(server);
    expect(logs.filter((l) => /^Empty database: seeding/.test(String(l.msg)))).toHaveLength(1);
    expect(logs.filter((l) => /^Server listening at/.test(String(l.msg))).map((l) => l.worker).sort()).toEqual([1, 2]);
    // Everything done once happened in the primary (no worker field), before the first worker listened.
    const seeded = logs.findIndex((l) => /^Demo data seeded/.test(String(l.msg)));
    expect(logs[seeded].worker).toBeUndefined();
    expect(seeded).toBeLessThan(logs.findIndex((l) => /^Server listening at/.test(String(l.msg))));

    const keys: { body: string }[] = [];
    for (let i = 0; i < 6; i++) keys.push(await once(`${base(server)}/.well-known/jwks.json`));
    expect(await answeredBy(server, '/.well-known/jwks.json', keys.length)).toEqual(new Set([1, 2]));
    expect(new Set(keys.map((k) => k.body)).size).toBe(1);
    expect(JSON.parse(keys[0].body).keys.map((k: { x: string }) => k.x)).toEqual([JSON.parse(readFileSync(join(dir, 'signing-key.jwk.json'), 'utf8')).x]);
    expect(readdirSync(dir).filter((f) => f.includes('signing-key'))).toEqual(['signing-key.jwk.json']);

    const journal = JSON.parse(readFileSync(join(__dirname, '../../drizzle/meta/_journal.json'), 'utf8')).entries.length;
    expect(await inspect(path, (db) => count(db, '__drizzle_migrations'))).toBe(journal);
    expect(await inspect(path, (db) => count(db, "api_tokens WHERE name = 'bootstrap-admin'"))).toBe(1);
    expect(existsSync(join(dir, 'demo-tokens.txt'))).toBe(true);
  }, 120_000);
});

describe('rate limits with WEB_CONCURRENCY=2', () => {
  it('hold for the machine, not per process: the public routes and the GraphQL cost budget', async () => {
    const PUBLIC = 6;
    const path = join(freshDir(), 'limits.sqlite');
    server = await startChildServer(path, TOKEN, { WEB_CONCURRENCY: '2', PUBLIC_RATE_LIMIT_PER_MINUTE: String(PUBLIC) });
    await waitFor(() => /2 processes/.test(server!.output()));

    const statuses: number[] = [];
    for (let i = 0; i < 3 * PUBLIC; i++) statuses.push((await once(`${base(server)}/.well-known/jwks.json`)).status);
    expect(await answeredBy(server, '/.well-known/jwks.json', statuses.length)).toEqual(new Set([1, 2]));
    expect(statuses.filter((s) => s === 200)).toHaveLength(PUBLIC);
    expect(statuses.slice(PUBLIC).every((s) => s === 429)).toBe(true);
  }, 120_000);

  it('share one cost budget per caller between the workers', async () => {
    const query = JSON.stringify({ query: '{ institutions(first: 5) { totalCount } }' });
    const probe = join(freshDir(), 'probe.sqlite');
    server = await startChildServer(probe, TOKEN);
    const cost = JSON.parse((await once(server.url, { method: 'POST', body: query })).body).extensions.cost.requested as number;
    expect(cost).toBeGreaterThan(0);
    await stopChild(server.child);

    const ALLOWED = 4;
    server = await startChildServer(join(freshDir(), 'cost.sqlite'), TOKEN, { WEB_CONCURRENCY: '2', RATE_LIMIT_COST_PER_MINUTE: String(ALLOWED * cost) });
    await waitFor(() => /2 processes/.test(server!.output()));
    // The budget is per calendar minute: start early in one, so that the whole run falls in it.
    if (Date.now() % 60_000 > 45_000) await sleep(60_000 - (Date.now() % 60_000));
    const codes: (string | null)[] = [];
    for (let i = 0; i < 3 * ALLOWED; i++) {
      const answer = JSON.parse((await once(server.url, { method: 'POST', body: query })).body);
      codes.push(answer.errors?.[0]?.extensions?.code ?? null);
    }
    expect(await answeredBy(server, '/graphql', codes.length)).toEqual(new Set([1, 2]));
    expect(codes.slice(0, ALLOWED)).toEqual(Array(ALLOWED).fill(null));
    expect(new Set(codes.slice(ALLOWED))).toEqual(new Set(['RATE_LIMITED']));
  }, 180_000);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(20);
}
