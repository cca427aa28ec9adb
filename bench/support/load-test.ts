import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { connectDatabase } from '../../src/db/connect';
import type { Database, OpenOptions } from '../../src/db/database';
import { createAppHttpServer } from '../../src/composition/http-app';
import { createServices, type Services } from '../../src/composition/services';
import { REPO_ROOT } from './paths';

/**
 * Shared by the HTTP benchmarks and the performance tests: an in-process
 * server on a given database, the production server in a child process, and
 * one autocannon run.
 */
export interface InProcessServer {
  url: string;
  db: Database;
  services: Services;
  close(): Promise<void>;
}

/** Settings for benchmarking: no demo seed, no request log, and a cost budget a load test cannot exhaust. */
export const BENCH_ENV = { SEED_DEMO: 'false', LOG_LEVEL: 'silent', NODE_ENV: 'production', RATE_LIMIT_COST_PER_MINUTE: String(1e12) };

/** The real HTTP server (Fastify + Apollo + limits) on `path`, listening on loopback in this process. */
export async function startInProcess(path: string, options: OpenOptions = {}, env: Record<string, string> = {}): Promise<InProcessServer> {
  const config = loadConfig({ ...BENCH_ENV, DATABASE_URL: path, PORT: '0', ...env });
  const db = await connectDatabase(config.DATABASE_URL, options);
  const services = createServices(db, config);
  const http = await createAppHttpServer({ config, db, services, logger: pino({ level: 'silent' }) });
  await http.listen({ port: 0, host: '127.0.0.1' });
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    db,
    services,
    async close() {
      await http.close();
      await db.close();
    },
  };
}

export interface ChildServer {
  url: string;
  pid: number;
  /** Waits until the requests a finished load test left queued are served (a quick answer on /healthz), at most 2 minutes. */
  drained(): Promise<void>;
  /** Peak resident memory of the server process so far (VmHWM), in bytes. */
  peakRssBytes(): number;
  close(): Promise<void>;
}

/**
 * A Node process running `entry` (default: the production `dist/main.js`)
 * with the bench settings, so that load generator and server do not share an
 * event loop. Resolves once the port answers.
 */
export async function startChild(
  path: string,
  port: number,
  entry = join(REPO_ROOT, 'dist/main.js'),
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<ChildServer> {
  const child = spawn(process.execPath, [entry, ...args], {
    env: { ...process.env, ...BENCH_ENV, DATABASE_URL: path, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    try {
      await fetch(`${base}/healthz`); // any answer means it listens
      break;
    } catch {
      if (attempt > 300) throw new Error(`${entry} did not answer on ${base}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `${base}/graphql`,
    pid: child.pid!,
    async drained() {
      for (const until = Date.now() + 120_000; Date.now() < until; ) {
        const started = performance.now();
        await fetch(`${base}/healthz`).catch(() => undefined);
        if (performance.now() - started < 20) return;
        await new Promise((r) => setTimeout(r, 500));
      }
    },
    peakRssBytes: () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Responses that were not 2xx, or carried GraphQL errors. */
  failures: number;
}

export interface LoadSpec {
  url: string;
  query: string;
  variables?: Record<string, unknown>;
  token?: string | null;
  connections?: number;
  seconds?: number;
}

/** POSTs one GraphQL document over and over with autocannon and summarises latency and throughput. */
export async function loadTest(spec: LoadSpec): Promise<LoadResult> {
  let graphqlErrors = 0;
  const result = await autocannon({
    url: spec.url,
    method: 'POST',
    connections: spec.connections ?? 50,
    duration: spec.seconds ?? 10,
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(spec.token ? { authorization: `Bearer ${spec.token}` } : {}),
    },
    body: JSON.stringify({ query: spec.query, variables: spec.variables ?? {} }),
    // autocannon's 10 s default would count the slowest answers on a shared machine as errors; they are latency.
    timeout: 30,
    setupClient: (client) =>
      client.on('body', (body: Buffer) => {
        if (body.includes('"errors"')) graphqlErrors++;
      }),
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + graphqlErrors,
  };
}
