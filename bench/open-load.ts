import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { benchDatabase } from './support/bench-data';
import { startChild } from './support/load-test';
import { buildMix, MIX, mixSequence } from './support/open-load-mix';
import { runOpenLoop, runSerial, summarise, type KindFigures, type OpenLoopResult } from './support/open-loop';

/** The issue's bar for what a learner waits at the 99th percentile, and an admin. */
const LEARNER_P99_MS = 50;
const ADMIN_P99_MS = 1000;
const LEARNER_KINDS = new Set(['MyProgress', 'LearnerProgress', 'MyCertificates', 'MyAttendance', 'VerifyCertificate', 'Catalog']);
/** Offered rates tried in turn (req/s) until learner p99 misses the bar at or above the target rate. */
const LADDER = [10, 25, 50, 100, 150, 200, 300, 400, 600, 800, 1200];
const TARGET_RATE = 200;
/** An operation that takes longer than this alone blocks learners behind it (issue 18's bar for moving work off the event loop). */
const SLOW_MS = 5;
const ALONE_ROUNDS = 3;

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  const inline = process.argv.find((a) => a.startsWith(`--${name}=`));
  return inline ? inline.slice(name.length + 3) : i >= 0 ? process.argv[i + 1] : undefined;
}

/** CPU seconds (user + system) a process and its child processes (cluster workers) have used, from /proc; 0 where there is none. */
function cpuSeconds(pid: number): number {
  try {
    const own = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // Fields 14 and 15 of stat (utime, stime), in clock ticks of 1/100 s on Linux.
    const ticks = Number(own[11]) + Number(own[12]);
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return ticks / 100 + children.reduce((sum, child) => sum + cpuSeconds(child), 0);
  } catch {
    return 0;
  }
}

/** Seconds the process's main thread (the event loop) has waited, runnable, for a CPU held by others (/proc schedstat); 0 where there is none. */
function runQueueSeconds(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return 0;
  }
}

/** Pins a process (all its threads) to CPUs, if `taskset` exists; whether it did. */
function pin(pid: number, list: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-cp', list, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}


interface Step {
  /** The machine's 1-minute load average when the step began (other jobs share the cores). */
  load: string;
  /** Server CPU time over the step's wall time, in % of one core: near 100 per process means it was busy throughout. */
  serverCpuPercent: number;
  /** Time the server's event loop was ready to run but waited for the core, in % of the step: the neighbours' share. */
  serverWaitPercent: number;
  result: OpenLoopResult;
  learner: KindFigures;
  admin: KindFigures;
  meetsLearner: boolean;
}

/** Learner-facing or admin latencies pooled over their kinds. */
function pooled(result: OpenLoopResult, learner: boolean): KindFigures {
  const kinds = result.kinds.filter((k) => LEARNER_KINDS.has(k.kind) === learner);
  const latencies = kinds.flatMap((k) => result.latencies.get(k.kind) ?? []);
  return summarise(learner ? 'learner-facing' : 'admin', latencies, kinds.reduce((a, k) => a + k.non2xx, 0), kinds.reduce((a, k) => a + k.errors, 0));
}

const header = ['| kind | requests | p50 ms | p99 ms | max ms | non-2xx | errors |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |'];
const row = (k: KindFigures) => `| ${k.kind} | ${k.count} | ${k.p50Ms} | ${k.p99Ms} | ${k.maxMs} | ${k.non2xx} | ${k.errors} |`;

/**
 * `npm run bench -- openLoad [--scale] [--rate R | --rates a,b,c] [--duration S] [--no-pin]`:
 * the mixed load at fixed offered rates against the production server in its
 * own process, the generator and the server pinned to different cores. With
 * no rate given it climbs a ladder until the learner-facing p99 misses 50 ms
 * (at or above 200 req/s), and reports the highest rate that met it.
 */
export async function bench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const path = await benchDatabase(log);
  const seconds = Number(argument('duration') ?? process.env.BENCH_SECONDS ?? 20);
  const single = argument('rate');
  const list = argument('rates');
  const rates = single ? [Number(single)] : list ? list.split(',').map(Number) : LADDER;
  if (rates.some((r) => !(r > 0)) || !(seconds > 0)) throw new Error('--rate/--rates must be positive numbers of requests per second, --duration seconds');

  log(`preparing the mix on ${path}`);
  const { variants, missing } = await buildMix(path, log);
  if (missing.length) log(`not in schema.graphql yet, left out: ${missing.join(', ')}`);
  const next = () => mixSequence(variants);
  log(`mix per 1,000 requests: ${Object.entries(MIX).map(([k, v]) => `${k} ${v}`).join(', ')}`);

  const server = await startChild(path, 4800 + (process.pid % 500));
  const n = cpus().length;
  const noPin = process.argv.includes('--no-pin');
  const pinned = !noPin && n >= 2 && pin(process.pid, '0') && pin(server.pid, `1-${n - 1}`);
  const placement = pinned
    ? `generator pinned to CPU 0, server to CPU 1${n > 2 ? `-${n - 1}` : ''} (taskset)`
    : `not pinned (${n} CPU${n > 1 ? 's' : ''}${noPin ? ', --no-pin' : n >= 2 ? ', taskset failed' : ''})`;
  log(placement);
  // Busy threads of the server: its processes, each with its event loop and its read workers.
  const threads = Number(process.env.WEB_CONCURRENCY || 1) * (1 + Number(process.env.READ_WORKERS ?? 1));
  if (pinned && threads > n - 1) log(`the server's ${threads} busy threads (WEB_CONCURRENCY x (1 + READ_WORKERS)) share ${n - 1} CPU(s): --no-pin gives them every core (the generator then shares one)`);
  const steps: Step[] = [];
  let alone: KindFigures[] = [];
  try {
    const base = server.url.replace(/\/graphql$/, '');
    // Every variant once, checked: a mix that answers errors would measure errors.
    const check = await runOpenLoop(base, 100, [...variants.values()].flat().length / 100, (() => {
      const all = [...variants.values()].flat();
      return (i: number) => all[i];
    })());
    const broken = check.kinds.filter((k) => k.errors || k.non2xx);
    if (broken.length) throw new Error(`These answer errors: ${broken.map((k) => k.kind).join(', ')}`);
    log(`warm-up: every request of the mix once (${check.sent}), then 5 s at ${rates[0]} req/s`);
    await runOpenLoop(base, rates[0], 5, next());
    await server.drained();
    // One at a time: which operations cost more than SLOW_MS alone (the ones to move off the event loop).
    const few = [...variants.values()].flatMap((list) => list.slice(0, Math.max(10, new Set(list.map((r) => r.label)).size)));
    alone = (await runSerial(base, few, ALONE_ROUNDS)).sort((a, b) => b.p50Ms - a.p50Ms);
    log(`one at a time (${ALONE_ROUNDS} rounds over up to 10 variants of each kind):`);
    for (const line of [...header, ...alone.map(row)]) log(line);
    log(`over ${SLOW_MS} ms alone (p50): ${alone.filter((k) => k.p50Ms > SLOW_MS).map((k) => `${k.kind} ${k.p50Ms} ms`).join(', ') || 'none'}`);

    for (const rate of rates) {
      const load = loadavg()[0].toFixed(2);
      log(`offered ${rate} req/s for ${seconds} s (load average ${load})`);
      const cpuBefore = cpuSeconds(server.pid);
      const waitBefore = runQueueSeconds(server.pid);
      const wallBefore = performance.now();
      const result = await runOpenLoop(base, rate, seconds, next(), log);
      const wall = performance.now() - wallBefore;
      const serverCpuPercent = Math.round(((cpuSeconds(server.pid) - cpuBefore) * 100_000) / wall);
      const serverWaitPercent = Math.round(((runQueueSeconds(server.pid) - waitBefore) * 100_000) / wall);
      const learner = pooled(result, true);
      const admin = pooled(result, false);
      const step = { load, serverCpuPercent, serverWaitPercent, result, learner, admin, meetsLearner: learner.p99Ms < LEARNER_P99_MS && learner.errors + learner.non2xx === 0 };
      steps.push(step);
      log(`  -> learner-facing p99 ${learner.p99Ms} ms, admin p99 ${admin.p99Ms} ms, answered ${result.completed}/${result.sent}, errors ${learner.errors + admin.errors}, non-2xx ${learner.non2xx + admin.non2xx}, generator lag max ${result.maxSendLagMs} ms, server CPU ${serverCpuPercent} %, server waiting for a CPU ${serverWaitPercent} %`);
      await server.drained();
      if (!single && !list && !step.meetsLearner && rate >= TARGET_RATE) break;
    }
  } finally {
    await server.close();
    if (pinned) pin(process.pid, `0-${n - 1}`);
  }
  return report(steps, alone, { placement, seconds, load: loadavg()[0].toFixed(2), path }, log);
}

/** Prints the per-kind tables and the ladder, and gives the figures for the run's summary. */
function report(steps: Step[], alone: KindFigures[], run: { placement: string; seconds: number; load: string; path: string }, log: (line: string) => void): Record<string, number | string> {
  for (const s of steps) {
    log('');
    log(`offered ${s.result.rate} req/s, ${run.seconds} s, ${s.result.completed}/${s.result.sent} answered, generator lag max ${s.result.maxSendLagMs} ms:`);
    for (const line of [...header, ...[...s.result.kinds].sort((a, b) => a.kind.localeCompare(b.kind)).map(row), row(s.learner), row(s.admin)]) log(line);
  }
  const met = steps.filter((s) => s.meetsLearner).map((s) => s.result.rate);
  const best = met.length ? Math.max(...met) : 0;
  const target = steps.find((s) => s.result.rate === TARGET_RATE);
  log('');
  log(`ladder (${run.placement}; load average at the end ${run.load}):`);
  log('| offered req/s | answered req/s | learner p50 ms | learner p99 ms | learner max ms | admin p50 ms | admin p99 ms | admin max ms | non-2xx | errors | generator lag max ms | server CPU % | server waiting for a CPU % | load average | learner p99 < 50 ms |');
  log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const s of steps) {
    const errors = s.learner.errors + s.admin.errors;
    const non2xx = s.learner.non2xx + s.admin.non2xx;
    log(`| ${s.result.rate} | ${Math.round(s.result.completed / s.result.seconds)} | ${s.learner.p50Ms} | ${s.learner.p99Ms} | ${s.learner.maxMs} | ${s.admin.p50Ms} | ${s.admin.p99Ms} | ${s.admin.maxMs} | ${non2xx} | ${errors} | ${s.result.maxSendLagMs} | ${s.serverCpuPercent} | ${s.serverWaitPercent} | ${s.load} | ${s.meetsLearner ? 'yes' : 'no'} |`);
  }
  log(`highest offered rate with learner-facing p99 under ${LEARNER_P99_MS} ms: ${best || 'none'} req/s`);
  const figures: Record<string, number | string> = {
    placement: run.placement,
    secondsPerStep: run.seconds,
    loadAverage: run.load,
    highestRateMeetingLearnerP99: best,
    [`over ${SLOW_MS} ms alone (p50 ms)`]: alone.filter((k) => k.p50Ms > SLOW_MS).map((k) => `${k.kind} ${k.p50Ms}`).join(', ') || 'none',
  };
  if (target) {
    const noErrors = target.learner.errors + target.admin.errors + target.learner.non2xx + target.admin.non2xx === 0;
    Object.assign(figures, {
      [`at ${TARGET_RATE} req/s: learner p99 ms`]: target.learner.p99Ms,
      [`at ${TARGET_RATE} req/s: admin p99 ms`]: target.admin.p99Ms,
      [`at ${TARGET_RATE} req/s: targets met`]: target.meetsLearner && target.admin.p99Ms < ADMIN_P99_MS && noErrors ? 'yes' : 'no',
    });
  }
  return figures;
}
