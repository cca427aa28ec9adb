import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { SYSTEM } from '../src/auth/viewer';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { createServices } from '../src/composition/services';
import { benchDatabase, benchSeconds } from './support/bench-data';
import { hotOperations, sampleTargets } from './support/hot-operations';
import { loadTest, startChild, type LoadResult } from './support/load-test';

const CONNECTIONS = 50;
const CLOCK_TICKS = 100;

/** CPU time a process has used (user + system), from /proc: the server's own cost, whatever else runs on the machine. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
const AUDIENCE = 'bangkom-bench';
const AUTHENTICATIONS = 5_000;
const FRESH_TOKENS = 500;
/** Short alternating runs: a burst of load from elsewhere on the machine hits both sides alike. */
const ROUNDS = 4;

/**
 * MyProgress for the same learner with an API token and with an OpenID
 * Connect ID token, side by side on one production server (dist/main.js):
 * after a warm-up of both, rounds of A B B A, so neither order nor warm-up
 * favours one. Besides requests per second, it reads the server process's
 * own CPU time per request, which other work on a shared machine disturbs
 * far less. In process, it also times authentication alone. The identity
 * provider is a loopback server publishing discovery and an RS256 JWKS.
 */
export async function bench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const path = await benchDatabase(log);
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' }] });
  let documentFetches = 0;
  const idp = createServer((req, res) => {
    documentFetches++;
    res.setHeader('content-type', 'application/json');
    res.end(req.url === '/.well-known/openid-configuration' ? JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }) : jwks);
  });
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;

  const config = loadConfig({ DATABASE_URL: path, SEED_DEMO: 'false', OIDC_ALLOW_HTTP_ISSUERS: 'true' });
  const db = openDatabase(path);
  const targets = sampleTargets(db);
  const services = createServices(db, config);
  const registered = await services.identityProviders.register(SYSTEM, {
    name: `bench sso ${process.pid}-${Date.now()}`,
    issuer,
    audience: AUDIENCE,
    institutionCode: targets.institutionCode,
  });
  const apiToken = await services.access.create(SYSTEM, { name: `bench learner ${process.pid}-${Date.now()}`, role: 'LEARNER', nip: targets.nip });
  if (!registered.ok || !apiToken.ok) throw new Error('could not register the provider or create the token');
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'bench' }).setIssuer(issuer).setAudience(AUDIENCE).setSubject('bench').setIssuedAt().setExpirationTime('2h').sign(privateKey);
  const idToken = await sign({ nip: targets.nip });

  // The cost of authentication alone, in process: what each request pays before its resolvers run.
  const perCall = async (authenticate: () => unknown, calls = AUTHENTICATIONS) => {
    const started = performance.now();
    for (let i = 0; i < calls; i++) await authenticate();
    return ((performance.now() - started) * 1000) / calls;
  };
  const viewer = await services.signIn.authenticate(idToken);
  if (viewer.role !== 'LEARNER') throw new Error('the ID token was refused');
  const micro = { apiToken: [] as number[], oidc: [] as number[] };
  for (const name of ['apiToken', 'oidc', 'oidc', 'apiToken'] as const) {
    micro[name].push(await perCall(name === 'apiToken' ? () => services.access.authenticate(apiToken.value.token) : () => services.signIn.authenticate(idToken)));
  }
  const microseconds = (name: keyof typeof micro) => Math.round(Math.min(...micro[name]) * 10) / 10;
  log(`authenticate: API token ${microseconds('apiToken')} µs, OIDC ID token ${microseconds('oidc')} µs per call (best of 2 x ${AUTHENTICATIONS})`);
  const fresh = await Promise.all(Array.from({ length: FRESH_TOKENS }, (_, i) => sign({ nip: targets.nip, jti: `fresh-${i}` })));
  let next = 0;
  const firstUse = Math.round((await perCall(() => services.signIn.authenticate(fresh[next++]), FRESH_TOKENS)) * 10) / 10;
  log(`a token's first use (signature verified): ${firstUse} µs`);
  await Promise.all([services.access.lastUsed.flush(), services.identityProviders.lastSignIn.flush()]);
  db.close();

  const operation = hotOperations(targets).find((o) => o.name === 'MyProgress')!;
  const tokens = { apiToken: apiToken.value.token, oidc: idToken };
  const results: Record<keyof typeof tokens, LoadResult[]> = { apiToken: [], oidc: [] };
  const cpu: Record<keyof typeof tokens, number[]> = { apiToken: [], oidc: [] };
  const server = await startChild(path, 4900 + (process.pid % 100), undefined, { OIDC_ALLOW_HTTP_ISSUERS: 'true' });
  try {
    for (const name of ['apiToken', 'oidc'] as const) {
      await loadTest({ url: server.url, query: operation.query, variables: operation.variables, token: tokens[name], connections: CONNECTIONS, seconds: 3 });
    }
    for (const name of Array.from({ length: ROUNDS }, () => ['apiToken', 'oidc', 'oidc', 'apiToken'] as const).flat()) {
      const spec = { url: server.url, query: operation.query, variables: operation.variables, token: tokens[name] };
      const cpuBefore = cpuSeconds(server.pid);
      const r = await loadTest({ ...spec, connections: CONNECTIONS, seconds: Math.max(1, benchSeconds() / 2) });
      await server.drained();
      const cpuMicros = ((cpuSeconds(server.pid) - cpuBefore) * 1e6) / r.requests;
      if (r.failures) throw new Error(`${name}: ${r.failures} failed responses`);
      results[name].push(r);
      cpu[name].push(cpuMicros);
      log(`${name.padEnd(8)} ${String(r.requestsPerSecond).padStart(6)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  server CPU ${Math.round(cpuMicros)} µs/request`);
    }
  } finally {
    await server.close();
    idp.close();
  }
  const mean = (name: keyof typeof tokens) => Math.round(results[name].reduce((s, r) => s + r.requestsPerSecond, 0) / results[name].length);
  const ratio = Math.round((mean('oidc') / mean('apiToken')) * 100) / 100;
  // Each A B B A round's own ratio; their median shrugs off one disturbed round.
  const perRound = Array.from({ length: ROUNDS }, (_, i) => (results.oidc[2 * i].requestsPerSecond + results.oidc[2 * i + 1].requestsPerSecond) / (results.apiToken[2 * i].requestsPerSecond + results.apiToken[2 * i + 1].requestsPerSecond)).sort((a, b) => a - b);
  const medianRatio = Math.round(((perRound[(ROUNDS - 1) >> 1] + perRound[ROUNDS >> 1]) / 2) * 100) / 100;
  log(`per round: ${perRound.map((r) => r.toFixed(2)).join(', ')}; median ${medianRatio}`);
  const cpuPerRequest = (name: keyof typeof tokens) => cpu[name].reduce((a, b) => a + b, 0) / cpu[name].length;
  const cpuRatio = Math.round((cpuPerRequest('apiToken') / cpuPerRequest('oidc')) * 100) / 100;
  log(`OIDC / API token = ${ratio} in req/s, ${cpuRatio} in server CPU per request (target >= 0.9); the provider's documents were fetched ${documentFetches} times`);
  return {
    'apiToken req/s': mean('apiToken'),
    'oidc req/s': mean('oidc'),
    'apiToken p99 ms': Math.max(...results.apiToken.map((r) => r.p99Ms)),
    'oidc p99 ms': Math.max(...results.oidc.map((r) => r.p99Ms)),
    'oidc / apiToken': ratio,
    'oidc / apiToken, median of rounds': medianRatio,
    'apiToken server CPU µs/request': Math.round(cpuPerRequest('apiToken')),
    'oidc server CPU µs/request': Math.round(cpuPerRequest('oidc')),
    'oidc / apiToken, by server CPU per request': cpuRatio,
    'authenticate apiToken µs': microseconds('apiToken'),
    'authenticate oidc µs': microseconds('oidc'),
    "authenticate oidc, token's first use µs": firstUse,
    'document fetches': documentFetches,
  };
}
