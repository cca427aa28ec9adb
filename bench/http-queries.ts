import { cpus, loadavg } from 'node:os';
import { databaseBytes } from '../src/seed/scale/seed-scale';
import { benchDatabase, benchSeconds } from './support/bench-data';
import { callerTokens, hotOperations, sampleTargets, validatesAgainstSchema, type HotOperation } from './support/hot-operations';
import { loadTest, startChild, startInProcess, type InProcessServer } from './support/load-test';
import { explainable, fullScans } from './support/query-plans';

const CONNECTIONS = 50;

async function send(server: InProcessServer, operation: HotOperation, token: string | null) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: operation.query, variables: operation.variables }),
  });
  const body = (await response.json()) as { errors?: { message: string }[] };
  if (body.errors) throw new Error(`${operation.name}: ${body.errors[0].message}`);
}

export interface HotQueryFigures {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  statements: number;
  fullScans: number;
  failures: number;
}

/**
 * The hot contract operations over HTTP with autocannon on the production
 * server in a child process; SQL statements per request and full scans in
 * their plans measured in process on the same database.
 */
export async function measureHotQueries(
  path: string,
  load: { connections: number; seconds: number },
  log: (line: string) => void,
  pick: (db: InProcessServer['db']) => HotOperation[] = (db) => hotOperations(sampleTargets(db)),
) {
  const statements: string[] = [];
  let capture = false;
  const local = await startInProcess(path, { countStatements: true, onStatement: (sql) => capture && statements.push(sql) });
  const targets = sampleTargets(local.db);
  const tokens = await callerTokens(local.services, targets);
  const operations = pick(local.db).filter((o) => validatesAgainstSchema(o) || (log(`${o.name}: skipped, not in schema.graphql yet`), false));
  const perRequest = new Map<string, { statements: number; fullScans: number }>();
  for (const operation of operations) {
    await send(local, operation, tokens[operation.caller]);
    const before = local.db.statements.count;
    statements.length = 0;
    capture = true;
    await send(local, operation, tokens[operation.caller]);
    capture = false;
    // Counted before the plans are asked for: EXPLAIN runs statements too.
    const count = local.db.statements.count - before;
    const scans = explainable(statements).flatMap((sql) => fullScans(local.db.readRaw, sql));
    perRequest.set(operation.name, { statements: count, fullScans: scans.length });
  }
  await local.close();

  const server = await startChild(path, 4300 + (process.pid % 500));
  const rows: HotQueryFigures[] = [];
  try {
    for (const operation of operations) {
      const spec = { url: server.url, query: operation.query, variables: operation.variables, token: tokens[operation.caller] };
      await loadTest({ ...spec, connections: 10, seconds: 1 });
      await server.drained();
      const r = await loadTest({ ...spec, ...load });
      await server.drained();
      const row = { name: operation.name, ...r, ...perRequest.get(operation.name)! };
      rows.push(row);
      log(`${row.name.padEnd(30)} ${String(r.requestsPerSecond).padStart(6)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  ${row.statements} SQL/request  ${row.fullScans} full scans  ${r.failures} failures`);
    }
    return { rows, peakRssBytes: server.peakRssBytes(), databaseBytes: databaseBytes(path) };
  } finally {
    await server.close();
  }
}

/** `npm run bench -- httpQueries [--scale]`: the hot queries at 50 connections. */
export async function bench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const path = await benchDatabase(log);
  const { rows, peakRssBytes, databaseBytes: size } = await measureHotQueries(path, { connections: CONNECTIONS, seconds: benchSeconds() }, log);
  const figures: Record<string, number | string> = { databaseMiB: Math.round(size / 2 ** 20), cpus: cpus().length, loadAverage: loadavg()[0].toFixed(1), connections: CONNECTIONS };
  for (const r of rows) {
    Object.assign(figures, {
      [`${r.name} req/s`]: r.requestsPerSecond,
      [`${r.name} p50 ms`]: r.p50Ms,
      [`${r.name} p99 ms`]: r.p99Ms,
      [`${r.name} SQL/request`]: r.statements,
      [`${r.name} full scans`]: r.fullScans,
      [`${r.name} failures`]: r.failures,
    });
  }
  figures.serverPeakRssMiB = Math.round(peakRssBytes / 2 ** 20);
  log(`server peak RSS ${figures.serverPeakRssMiB} MiB, database ${figures.databaseMiB} MiB`);
  return figures;
}
