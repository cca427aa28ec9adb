import { execFileSync, fork } from 'node:child_process';
import type { Worker } from 'node:cluster';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pino from 'pino';
import { createApp } from '../src/app';
import { serveSharedLimits } from '../src/composition/shared-limits';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { startChild } from './support/load-test';
import { checkMix, mixedMix, requestsOf, seedMixedWorld, type Call } from './support/mixed-mix';

const SECONDS = Number(process.env.PROCESSES_SECONDS ?? 20);
const CONNECTIONS = 50;
const TIMEOUT_SECONDS = 30;
/** A B B A: the neighbours' load drifts during a run, and this order gives each count the same share of it. */
const ROUNDS = [1, 2, 2, 1];

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Runs `fn` with this process (the load generator, every thread) on core 0 only; the servers keep every core. */
async function onCoreZero<T>(fn: () => Promise<T>): Promise<T> {
  if (!hasTaskset) return fn();
  const all = `0-${cpus().length - 1}`;
  execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  try {
    return await fn();
  } finally {
    execFileSync('taskset', ['-a', '-p', '-c', all, String(process.pid)], { stdio: 'ignore' });
  }
}

async function measure(path: string, mix: Call[], processes: number, log: (line: string) => void) {
  const server = await startChild(path, await freePort(), undefined, { WEB_CONCURRENCY: String(processes) });
  try {
    await checkMix(server.url, mix);
    let graphqlErrors = 0;
    const result = await onCoreZero(async () => {
      // Also long enough for every worker to be listening.
      await autocannon({ url: server.url, connections: 10, duration: 5, requests: requestsOf(mix) });
      return autocannon({
        url: server.url,
        connections: CONNECTIONS,
        duration: SECONDS,
        timeout: TIMEOUT_SECONDS,
        requests: requestsOf(mix, (body) => {
          if (body.includes('"errors"')) graphqlErrors++;
        }),
      });
    });
    const figures = {
      requestsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      maxMs: result.latency.max,
      failures: result.non2xx + result.errors + result.timeouts + graphqlErrors,
    };
    log(`${processes} process(es): ${figures.requestsPerSecond} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, max ${figures.maxMs} ms, failures ${figures.failures}`);
    return figures;
  } finally {
    await server.close();
  }
}

/** The cost-limit check through the primary (IPC round trip) and in-process, timed in a forked child. */
async function limitCheckCost(): Promise<{ shared: { meanUs: number; p99Us: number }; local: { meanUs: number; p99Us: number } }> {
  const child = fork(join(__dirname, 'support/limit-probe.js'), { stdio: 'inherit' });
  const answer = serveSharedLimits({ RATE_LIMIT_COST_PER_MINUTE: 1e12 });
  const asWorker = { isConnected: () => child.connected, send: (m: unknown) => child.send(m as never) } as unknown as Worker;
  return new Promise((resolve, reject) => {
    child.on('message', (message: any) => (message?.probe ? resolve(message.probe) : answer(asWorker, message)));
    child.once('exit', (code) => code !== 0 && reject(new Error(`limit probe exited with ${code}`)));
  });
}

/** Nanoseconds a cache pays to ask whether anything committed: `db.generation` (PRAGMA data_version). */
function generationCheckNs(path: string): number {
  const db = openDatabase(path, { migrate: false });
  try {
    const calls = 200_000;
    let sink = 0;
    const started = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) sink += db.generation;
    const ns = Number(process.hrtime.bigint() - started) / calls;
    return sink >= 0 ? Math.round(ns) : 0;
  } finally {
    db.close();
  }
}

/**
 * The mixed load (bench/mixed-load.ts's world and mix) against the
 * production server with WEB_CONCURRENCY=1 and 2 in turn (1 2 2 1) in one
 * run, the load generator pinned to core 0 with taskset where there is one;
 * then what sharing costs per request.
 */
export async function bench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'bangkom-bench-processes-'));
  const path = join(dir, 'processes.sqlite');
  try {
    // Seeding needs no read-pool thread.
    const config = loadConfig({ DATABASE_URL: path, SEED_DEMO: 'true', PORT: '0', LOG_LEVEL: 'silent', NODE_ENV: 'production', READ_WORKERS: '0' });
    const app = await createApp(config, pino({ level: 'silent' }));
    let mix: Call[];
    try {
      const world = await seedMixedWorld(app.services, log);
      await app.http.listen({ port: 0, host: '127.0.0.1' });
      const address = app.http.server.address();
      mix = (await mixedMix(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`, world)).mix;
    } finally {
      await app.close();
    }
    log(hasTaskset ? 'load generator pinned to core 0 (taskset); the servers may use every core' : 'no taskset here: the load generator shares every core with the servers');
    log(`each: 5 s warm-up, then ${SECONDS} s at ${CONNECTIONS} connections`);
    const figures: Record<string, number | string> = { seconds: SECONDS, connections: CONNECTIONS, loadGeneratorPinned: hasTaskset ? 'core 0 (taskset)' : 'no' };
    const rounds: { n: number; figures: Awaited<ReturnType<typeof measure>> }[] = [];
    for (const n of ROUNDS) rounds.push({ n, figures: await measure(path, mix, n, log) });
    for (const n of new Set(ROUNDS)) {
      const mine = rounds.filter((r) => r.n === n).map((r) => r.figures);
      const mean = (k: keyof (typeof mine)[number]) => Math.round(mine.reduce((sum, f) => sum + f[k], 0) / mine.length);
      figures[`requestsPerSecondAt${n}`] = mean('requestsPerSecond');
      figures[`p50MsAt${n}`] = mean('p50Ms');
      figures[`p99MsAt${n}`] = mean('p99Ms');
      figures[`maxMsAt${n}`] = Math.max(...mine.map((f) => f.maxMs));
      figures[`failuresAt${n}`] = mine.reduce((sum, f) => sum + f.failures, 0);
      figures[`roundsAt${n}`] = mine.map((f) => `${f.requestsPerSecond} req/s p99 ${f.p99Ms} ms`).join('; ');
    }
    const limit = await limitCheckCost();
    log(`cost-limit check: ${limit.shared.meanUs} us mean (p99 ${limit.shared.p99Us} us) through the primary, ${limit.local.meanUs} us in-process`);
    const generationNs = generationCheckNs(path);
    log(`cache freshness check (db.generation, PRAGMA data_version): ${generationNs} ns`);
    return {
      ...figures,
      sharedLimitMeanUs: limit.shared.meanUs,
      sharedLimitP99Us: limit.shared.p99Us,
      localLimitMeanUs: limit.local.meanUs,
      generationCheckNs: generationNs,
      loadAverage1m: Number(loadavg()[0].toFixed(1)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
