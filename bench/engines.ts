import { generateKeyPairSync, randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { connectDatabase } from '../src/db/connect';
import { copySqliteToPostgres, vacuumAfterCopy } from '../src/db/postgres/copy';
import { benchDatabase } from './support/bench-data';
import { startChild, startInProcess, type ChildServer } from './support/load-test';
import { buildMix, mixSequence } from './support/open-load-mix';
import { toGlobalId } from '../src/graphql/node';
import { runOpenLoop, summarise, type KindFigures, type OpenLoopRequest, type OpenLoopResult } from './support/open-loop';

/** Requests per operation timed one after another, after a warm-up. */
const SEQUENTIAL = 50;

const LEARNER_KINDS = new Set(['MyProgress', 'LearnerProgress', 'MyCertificates', 'MyAttendance', 'VerifyCertificate', 'Catalog']);

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A new database on the server for this run, and a way to drop it. */
async function scratchDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const { default: pg } = await import('pg');
  const name = `bangkom_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const sum = (results: OpenLoopResult[], field: 'non2xx' | 'errors') => results.flatMap((r) => r.kinds).reduce((a, k) => a + k[field], 0);

/**
 * updateLearner as an admin, cycling through 200 learners, each call a real
 * change (the name alternates), so each commits: the row, its audit entry and
 * its event. The admin's token is the one the mix's export carries.
 */
function updateRequests(path: string, variants: Map<string, OpenLoopRequest[]>): () => () => OpenLoopRequest {
  const authorization = variants.get('Export')![0].headers.authorization;
  const db = new BetterSqlite3(path, { readonly: true });
  const ids = (db.prepare('SELECT id FROM learners ORDER BY id LIMIT 200').pluck().all() as number[]).map((id) => toGlobalId('Learner', id));
  db.close();
  const query = 'mutation ($input: UpdateLearnerInput!) { updateLearner(input: $input) { learner { revision } userErrors { code } } }';
  return () => {
    let i = 0;
    return () => {
      const n = i++;
      const input = { learnerId: ids[n % ids.length], name: `Peserta Uji ${Math.floor(n / ids.length) % 2 ? 'A' : 'B'} ${n % ids.length}` };
      return { kind: 'updateLearner', method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query, variables: { input } }) };
    };
  };
}

const pooled = (result: OpenLoopResult[], learner: boolean): KindFigures => {
  const latencies = result.flatMap((r) => r.kinds.filter((k) => LEARNER_KINDS.has(k.kind) === learner).flatMap((k) => r.latencies.get(k.kind) ?? []));
  const failed = (f: 'non2xx' | 'errors') => result.flatMap((r) => r.kinds.filter((k) => LEARNER_KINDS.has(k.kind) === learner)).reduce((a, k) => a + k[f], 0);
  return summarise(learner ? 'learner-facing' : 'admin', latencies, failed('non2xx'), failed('errors'));
};

/**
 * `npm run bench -- engines [--scale] [--rates a,b,c] [--duration S]`: the
 * open-loop mixed load, side by side in one run, on SQLite (one node), on
 * PostgreSQL with one node and with two nodes (the load split between them,
 * as a balancer would); and the database round trips (statements) each hot
 * operation costs on each engine; then updates alone at `--write-rates`. Needs a PostgreSQL server:
 * BENCH_POSTGRES_URL or TEST_POSTGRES_URL (a role that may create databases).
 */
export async function bench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const adminUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error('Set BENCH_POSTGRES_URL (or TEST_POSTGRES_URL) to a PostgreSQL server whose role may create databases');
  const seconds = Number(argument('duration') ?? 15);
  const rates = (argument('rates') ?? '50,100,200').split(',').map(Number);
  const path = await benchDatabase(log);
  log(`preparing the mix on ${path}`);
  const { variants } = await buildMix(path, log);
  const { url, drop } = await scratchDatabase(adminUrl);
  const keys = {
    SIGNING_KEY: JSON.stringify(generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' })),
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
  };
  const figures: Record<string, number | string> = {};
  try {
    const copyStarted = performance.now();
    const target = await connectDatabase(url, { poolSize: 2 });
    const copied = await copySqliteToPostgres(new BetterSqlite3(path, { readonly: true }), target, (p) => p.rows === p.of && log(`copied ${p.table}: ${p.rows}`));
    await vacuumAfterCopy(target);
    await target.close();
    const rows = copied.reduce((a, c) => a + c.target, 0);
    log(`copied ${rows.toLocaleString('en')} rows into PostgreSQL in ${Math.round(performance.now() - copyStarted)} ms`);
    figures['copy to PostgreSQL (rows/s)'] = Math.round(rows / ((performance.now() - copyStarted) / 1000));

    // Round trips and latency: each kind's first variant, alone, in process, statements counted, then timed one after another.
    log(`| operation | SQLite statements | PostgreSQL statements | SQLite median ms | PostgreSQL median ms |`);
    log('| --- | ---: | ---: | ---: | ---: |');
    const measure = async (database: string, request: OpenLoopRequest) => {
      const server = await startInProcess(database, { countStatements: true }, keys);
      try {
        const send = async () => {
          const response = await fetch(new URL(request.path ?? '/graphql', server.url), { method: request.method ?? 'POST', headers: { 'content-type': 'application/json', ...request.headers }, body: request.body });
          await response.arrayBuffer();
        };
        await send(); // warm: caches and prepared statements
        const before = server.db.statements.count;
        await send();
        const statements = server.db.statements.count - before;
        const times: number[] = [];
        for (let i = 0; i < SEQUENTIAL; i++) {
          const started = performance.now();
          await send();
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        return { statements, medianMs: Math.round(times[times.length >> 1] * 100) / 100 };
      } finally {
        await server.close();
      }
    };
    for (const [kind, list] of variants) {
      const request = list[0];
      const [onSqlite, onPostgres] = [await measure(path, request), await measure(url, request)];
      const label = request.label ?? kind;
      log(`| ${label} | ${onSqlite.statements} | ${onPostgres.statements} | ${onSqlite.medianMs} | ${onPostgres.medianMs} |`);
      figures[`statements ${label} (SQLite / PostgreSQL)`] = `${onSqlite.statements} / ${onPostgres.statements}`;
      figures[`median ms ${label} (SQLite / PostgreSQL)`] = `${onSqlite.medianMs} / ${onPostgres.medianMs}`;
    }

    const writeRates = (argument('write-rates') ?? '20,50,100').split(',').map(Number);
    const writeRows: string[] = [];
    const updates = updateRequests(path, variants);
    const setups: { name: string; start: () => Promise<ChildServer[]> }[] = [
      { name: 'SQLite, 1 node', start: async () => [await startChild(path, 4900)] },
      { name: 'PostgreSQL, 1 node', start: async () => [await startChild(url, 4901, undefined, keys)] },
      { name: 'PostgreSQL, 2 nodes', start: async () => [await startChild(url, 4902, undefined, { ...keys, RATE_LIMIT_NODES: '2' }), await startChild(url, 4903, undefined, { ...keys, RATE_LIMIT_NODES: '2' })] },
    ];
    log('| setup | offered req/s | learner p50 ms | learner p99 ms | admin p50 ms | admin p99 ms | non-2xx | errors |');
    log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const setup of setups) {
      const nodes = await setup.start();
      try {
        const bases = nodes.map((n) => n.url.replace(/\/graphql$/, ''));
        // Warm-up, then each rate: one mix dealt to the nodes as they ask, as a balancer spreads it.
        const run = (rate: number, s: number) => {
          const next = mixSequence(variants);
          return Promise.all(bases.map((base) => runOpenLoop(base, rate / bases.length, s, () => next())));
        };
        await run(rates[0], 5);
        for (const node of nodes) await node.drained();
        for (const rate of rates) {
          const results = await run(rate, seconds);
          const learner = pooled(results, true);
          const admin = pooled(results, false);
          log(`| ${setup.name} | ${rate} | ${learner.p50Ms} | ${learner.p99Ms} | ${admin.p50Ms} | ${admin.p99Ms} | ${learner.non2xx + admin.non2xx} | ${learner.errors + admin.errors} |`);
          figures[`${setup.name} @ ${rate} req/s learner p99 ms`] = learner.p99Ms;
          figures[`${setup.name} @ ${rate} req/s admin p99 ms`] = admin.p99Ms;
          for (const node of nodes) await node.drained();
        }
        // Writes alone: every node's transactions take the one cluster-wide lock in turn.
        for (const rate of writeRates) {
          const next = updates();
          const results = await Promise.all(bases.map((base) => runOpenLoop(base, rate / bases.length, seconds, () => next())));
          const w = summarise('updateLearner', results.flatMap((r) => r.latencies.get('updateLearner') ?? []), sum(results, 'non2xx'), sum(results, 'errors'));
          writeRows.push(`| ${setup.name} | ${rate} | ${w.p50Ms} | ${w.p99Ms} | ${w.maxMs} | ${w.non2xx} | ${w.errors} |`);
          figures[`${setup.name} @ ${rate} writes/s p99 ms`] = w.p99Ms;
          for (const node of nodes) await node.drained();
        }
      } finally {
        for (const node of nodes) await node.close();
      }
    }
    log('| setup | offered writes/s | p50 ms | p99 ms | max ms | non-2xx | errors |');
    log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const row of writeRows) log(row);
  } finally {
    await drop();
  }
  return figures;
}
