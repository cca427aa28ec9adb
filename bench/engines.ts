import { generateKeyPairSync, randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { connectDatabase } from '../src/db/connect';
import { copySqliteToPostgres } from '../src/db/postgres/copy';
import { statement } from '../src/db/statement';
import { benchDatabase } from './support/bench-data';
import { startChild, startInProcess, type ChildServer } from './support/load-test';
import { buildMix, mixSequence } from './support/open-load-mix';
import { runOpenLoop, summarise, type KindFigures, type OpenLoopRequest, type OpenLoopResult } from './support/open-loop';

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
 * operation costs on each engine. Needs a PostgreSQL server:
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
    await target.write((tx) => statement<[], never>('ANALYZE')(tx).run());
    await target.close();
    const rows = copied.reduce((a, c) => a + c.target, 0);
    log(`copied ${rows.toLocaleString('en')} rows into PostgreSQL in ${Math.round(performance.now() - copyStarted)} ms`);
    figures['copy to PostgreSQL (rows/s)'] = Math.round(rows / ((performance.now() - copyStarted) / 1000));

    // Round trips: each kind's first variant, alone, in process, statements counted.
    log('| operation | SQLite statements | PostgreSQL statements |');
    log('| --- | ---: | ---: |');
    const statementsOf = async (database: string, request: OpenLoopRequest) => {
      const server = await startInProcess(database, { countStatements: true }, keys);
      try {
        const send = () => fetch(new URL(request.path ?? '/graphql', server.url), { method: request.method ?? 'POST', headers: { 'content-type': 'application/json', ...request.headers }, body: request.body });
        await send(); // warm: caches and prepared statements
        const before = server.db.statements.count;
        await send();
        return server.db.statements.count - before;
      } finally {
        await server.close();
      }
    };
    for (const [kind, list] of variants) {
      const request = list[0];
      const [onSqlite, onPostgres] = [await statementsOf(path, request), await statementsOf(url, request)];
      log(`| ${request.label ?? kind} | ${onSqlite} | ${onPostgres} |`);
      figures[`statements ${request.label ?? kind} (SQLite / PostgreSQL)`] = `${onSqlite} / ${onPostgres}`;
    }

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
      } finally {
        for (const node of nodes) await node.close();
      }
    }
  } finally {
    await drop();
  }
  return figures;
}
