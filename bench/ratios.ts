import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDatabase, benchSeconds } from './support/bench-data';
import { callerTokens, hotOperations, sampleTargets } from './support/hot-operations';
import { loadTest, startChild, startInProcess, type ChildServer, type LoadResult, type LoadSpec } from './support/load-test';
import type { RawSpec } from './support/raw-server';

const CONNECTIONS = 50;
const ROUNDS = 2;

/**
 * MyProgress on several servers, one after another in rounds in one run, same
 * database, same autocannon settings: ours (dist/main.js) executing with
 * graphql-jit (the default) and with graphql-js, a raw node:http + better-sqlite3 handler
 * running the same SQL and writing the same JSON, and the same schema on
 * Apollo Server's defaults; plus Fastify + Apollo answering a one-field query
 * with no database, the ceiling of the stack.
 */
export async function bench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const path = await benchDatabase(log);
  const statements: string[] = [];
  let capture = false;
  const local = await startInProcess(path, { onStatement: (sql) => capture && statements.push(sql) });
  const targets = sampleTargets(local.db);
  const tokens = await callerTokens(local.services, targets);
  const operation = hotOperations(targets).find((o) => o.name === 'MyProgress')!;
  const ask = () =>
    fetch(local.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.learner}` },
      body: JSON.stringify({ query: operation.query, variables: operation.variables }),
    }).then((r) => r.json() as Promise<{ data?: unknown; errors?: unknown }>);
  await ask();
  capture = true;
  const answer = await ask();
  capture = false;
  await local.close();
  if (answer.errors) throw new Error(`MyProgress failed: ${JSON.stringify(answer.errors)}`);
  const specPath = join(path, '..', 'raw-spec.json');
  const spec: RawSpec = { databasePath: path, statements: statements.filter((s) => /^\s*(select|with)\b/i.test(s)), body: answer };
  writeFileSync(specPath, JSON.stringify(spec));
  log(`MyProgress runs ${spec.statements.length} SELECTs; the raw handler runs the same`);

  const port = 4800 + (process.pid % 100);
  const myProgress = { query: operation.query, variables: operation.variables, token: tokens.learner };
  const servers: Record<string, { start: () => Promise<ChildServer>; request: Omit<LoadSpec, 'url'> }> = {
    bangkom: { start: () => startChild(path, port, undefined, { GRAPHQL_JIT: 'true' }), request: myProgress },
    bangkomGraphqlJs: { start: () => startChild(path, port, undefined, { GRAPHQL_JIT: 'false' }), request: myProgress },
    raw: { start: () => startChild(path, port, join(__dirname, 'support/raw-server.js'), {}, [specPath]), request: myProgress },
    apolloDefaults: { start: () => startChild(path, port, join(__dirname, 'support/apollo-defaults-server.js')), request: myProgress },
    apolloFloor: { start: () => startChild(path, port, join(__dirname, 'support/apollo-floor-server.js')), request: { query: '{ hello }' } },
  };
  const results: Record<string, LoadResult[]> = Object.fromEntries(Object.keys(servers).map((name) => [name, []]));
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, { start, request }] of Object.entries(servers)) {
        const server = await start();
        try {
          const spec = { url: server.url, ...request };
          await loadTest({ ...spec, connections: 10, seconds: 1 });
          const r = await loadTest({ ...spec, connections: CONNECTIONS, seconds: benchSeconds() });
          if (r.failures) throw new Error(`${name}: ${r.failures} failed responses`);
          results[name].push(r);
          log(`round ${round} ${name.padEnd(17)} ${String(r.requestsPerSecond).padStart(6)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms`);
        } finally {
          await server.close();
        }
      }
    }
  } finally {
    rmSync(specPath, { force: true });
  }
  const mean = (name: string) => Math.round(results[name].reduce((s, r) => s + r.requestsPerSecond, 0) / results[name].length);
  const figures: Record<string, number | string> = {};
  for (const name of Object.keys(results)) {
    figures[`${name} req/s`] = mean(name);
    figures[`${name} p99 ms`] = Math.max(...results[name].map((r) => r.p99Ms));
  }
  const ratio = (a: string, b: string) => (figures[`${a} / ${b}`] = Math.round((mean(a) / mean(b)) * 100) / 100);
  log(`ours / raw = ${ratio('bangkom', 'raw')}, ours / Apollo defaults = ${ratio('bangkom', 'apolloDefaults')}`);
  log(`graphql-jit / graphql-js = ${ratio('bangkom', 'bangkomGraphqlJs')}, Apollo floor / raw = ${ratio('apolloFloor', 'raw')}`);
  return figures;
}
