import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { deserialize, serialize } from 'node:v8';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { createServices } from '../src/composition/services';
import ExcelJS from 'exceljs';
import { headerScore } from '../src/modules/files/file-columns';
import { readTable } from '../src/modules/files/table-file';
import { parseZoomReport } from '../src/modules/webinars/zoom/zoom-report';
import { benchSeconds } from './support/bench-data';
import { benchLearners, benchReport } from './zoom-import';
import { loadContractOperations } from './contract-operations';
import { browseOperations, callerTokens, hotOperations, sampleBrowseTargets } from './support/hot-operations';
import { BENCH_ENV, startChild, type ChildServer } from './support/load-test';

interface Request {
  path: string;
  method: 'GET' | 'POST';
  body?: string;
}

/** One kind of heavy request, a GraphQL operation as an admin or an export's GET: its variants are sent in turn. */
interface HeavyRequest {
  name: string;
  variants: Request[];
}

/** Learner requests per second, offered at a fixed rate (autocannon corrects for coordinated omission). */
const LEARNER_RATE = 40;
const SINGLE_RUNS = 5;

/**
 * A heavy request sent back to back, one at a time, by a separate process
 * (its bodies, megabytes for an export, would otherwise load the learner
 * client's event loop): it prints how many it completed when stopped.
 */
const HEAVY_LOOP = `
const { base, variants, headers } = JSON.parse(process.env.HEAVY);
let done = 0, stop = false;
process.on('SIGTERM', () => { stop = true; });
(async () => {
  while (!stop) {
    const v = variants[done % variants.length];
    const r = await fetch(base + v.path, { method: v.method, headers, body: v.body });
    await r.arrayBuffer();
    if (r.status !== 200) { console.error('heavy request answered', r.status); process.exit(1); }
    done++;
  }
  process.stdout.write(String(done));
})();
`;

function startHeavyLoop(base: string, heavy: HeavyRequest, token: string): { child: ChildProcess; stop: () => Promise<number> } {
  const spec = { base, variants: heavy.variants, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } };
  const child = spawn(process.execPath, ['-e', HEAVY_LOOP], { env: { ...process.env, HEAVY: JSON.stringify(spec) }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  return {
    child,
    stop: () =>
      new Promise<number>((resolve) => {
        child.once('exit', () => resolve(Number(out) || 0));
        child.kill('SIGTERM');
      }),
  };
}

async function timeOne(base: string, heavy: HeavyRequest, token: string, turn: number): Promise<number> {
  const v = heavy.variants[turn % heavy.variants.length];
  const started = performance.now();
  const r = await fetch(`${base}${v.path}`, { method: v.method, body: v.body, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  const body = await r.text();
  if (r.status !== 200 || (v.method === 'POST' && body.includes('"errors"'))) throw new Error(`${heavy.name}: ${r.status} ${body.slice(0, 300)}`);
  return performance.now() - started;
}

interface LearnerLatency {
  p50: number;
  p99: number;
  max: number;
  requests: number;
  failures: number;
}

async function learnerLoad(url: string, query: string, variables: unknown, token: string, seconds: number): Promise<LearnerLatency> {
  let graphqlErrors = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    connections: 10,
    overallRate: LEARNER_RATE,
    duration: seconds,
    timeout: 30,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    setupClient: (client) =>
      client.on('body', (body: Buffer) => {
        if (body.includes('"errors"')) graphqlErrors++;
      }),
  });
  return { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, requests: result.requests.total, failures: result.non2xx + result.errors + graphqlErrors };
}

const median = async (runs: number, fn: () => unknown) => {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[runs >> 1];
};

/**
 * Parsing an upload, in process: what it costs the event loop when it runs
 * there, and what remains there when a worker parses it (deserializing the
 * answer the worker serialized).
 */
async function parsing(log: (line: string) => void, figures: Record<string, number | string>) {
  const report = benchReport();
  const options = { utcOffsetMinutes: 420, sessionStart: Date.UTC(2024, 9, 24, 1, 55) };
  const parsed = parseZoomReport(report, options);
  const learners = benchLearners(50_000);
  const csv = ['NIP,Email,Nama,Jenis', ...learners.map((l) => `${l.nip},${l.email},${l.name},${l.employmentType}`)].join('\n');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Peserta');
  sheet.addRow(['NIP', 'Email', 'Nama', 'Jenis']);
  for (const l of learners) sheet.addRow([l.nip, l.email, l.name, l.employmentType]);
  const xlsx = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
  const score = headerScore(['nip', 'email', 'name', 'employmentType', 'positionCode']);
  const table = await readTable('XLSX', xlsx, score);
  const rows: [string, () => unknown, unknown][] = [
    ['Zoom report, 100,000 rows', () => parseZoomReport(report, options), parsed],
    ['CSV file, 50,000 learners', () => readTable('CSV', csv, score), await readTable('CSV', csv, score)],
    ['XLSX file, 50,000 learners', () => readTable('XLSX', xlsx, score), table],
  ];
  for (const [name, parse, answer] of rows) {
    const onLoop = await median(3, parse);
    // A worker's answer is serialized there and deserialized here: only the second half is the event loop's.
    const bytes = serialize(answer);
    const receive = await median(3, () => deserialize(bytes));
    const line = `parse on the event loop ${onLoop.toFixed(0)} ms; with the pool the loop only receives the answer (${(bytes.length / 2 ** 20).toFixed(0)} MiB deserialized) ${receive.toFixed(0)} ms`;
    log(`${name}: ${line}`);
    figures[name] = line;
  }
}

/**
 * `npm run bench -- offload`: a learner's latency (MyProgress, offered at a
 * fixed rate) alone and while one admin sends a heavy request back to back
 * (an eligibility page, a learner search, the province dashboard and TKPK
 * report, three exports), with the heavy work on the event loop
 * (READ_WORKERS=0) and on one worker thread (READ_WORKERS=1), side by side;
 * plus each heavy request's own time. On a
 * generated set: OFFLOAD_DATABASE, default data/scale.sqlite (seed:scale).
 * It adds two tokens to that database.
 */
export async function bench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const path = process.env.OFFLOAD_DATABASE || 'data/scale.sqlite';
  if (!existsSync(path)) {
    log(`${path}: missing, skipped (build it with DATABASE_URL=${path} npm run seed:scale -- --learners 1000000)`);
    return {};
  }
  const seconds = benchSeconds();
  const db = openDatabase(path);
  const targets = sampleBrowseTargets(db);
  const commonName = browseOperations(targets).find((o) => o.name === 'FindLearners: common name')!;
  const tokens = await callerTokens(createServices(db, loadConfig({ ...BENCH_ENV, DATABASE_URL: path })), targets);
  const session = db.readRaw
    .prepare('SELECT ws.id FROM webinar_sessions ws JOIN webinar_series s ON s.id = ws.series_id WHERE s.code = ? AND ws.number = ?')
    .get(targets.seriesCode, targets.sessionNumber) as { id: number };
  // The biggest subtree below the national agency: a province's dashboard and JP export.
  const province = db.readRaw
    .prepare(
      `SELECT p.code, (SELECT count(*) FROM learners l WHERE l.institution_id IN (SELECT id FROM institutions WHERE path LIKE p.path || '%')) AS learners
       FROM institutions p WHERE p.path LIKE '/_%/' AND p.path NOT LIKE '/%/%/' AND p.code LIKE 'PROV-%' ORDER BY p.id LIMIT 1`,
    )
    .get() as { code: string; learners: number };
  // Judged afresh: each request names another of the sessions (more than the judgements kept until the next write).
  const sessions = db.readRaw
    .prepare('SELECT s.code AS seriesCode, ws.number FROM webinar_sessions ws JOIN webinar_series s ON s.id = ws.series_id WHERE ws.certificate_rule_code IS NOT NULL ORDER BY ws.id')
    .all() as { seriesCode: string; number: number }[];
  db.close();
  const sessionId = Buffer.from(`WebinarSession:${session.id}`).toString('base64url');
  const ops = Object.fromEntries(hotOperations(targets).map((o) => [o.name, o]));
  const graphql = (name: string, variables: Record<string, unknown>): Request => ({ path: '/graphql', method: 'POST', body: JSON.stringify({ query: ops[name].query, variables }) });
  const get = (path: string): Request => ({ path, method: 'GET' });
  const heavy: HeavyRequest[] = [
    { name: 'SessionEligibility, page of 100, judged afresh', variants: sessions.map((v) => graphql('SessionEligibility', { seriesCode: v.seriesCode, number: v.number, first: 100 })) },
    { name: 'SessionEligibility, page of 100, judgement kept', variants: [graphql('SessionEligibility', ops.SessionEligibility.variables)] },
    { name: `FindLearners "${commonName.variables.search}" (common name)`, variants: [{ path: '/graphql', method: 'POST', body: JSON.stringify({ query: commonName.query, variables: commonName.variables }) }] },
    { name: `InstitutionDashboard ${province.code}`, variants: [graphql('InstitutionDashboard', { code: province.code, year: targets.year })] },
    {
      name: `TkpkLearningReport ${province.code}, the year`,
      variants: [{ path: '/graphql', method: 'POST', body: JSON.stringify({ query: loadContractOperations().op('TkpkLearningReport'), variables: { code: province.code, from: `${targets.year}-01-01`, to: `${targets.year}-12-31` } }) }],
    },
    { name: 'export: eligibility CSV', variants: [get(`/exports/sessions/${sessionId}/eligibility.csv`)] },
    { name: 'export: attendance CSV', variants: [get(`/exports/sessions/${sessionId}/attendance.csv`)] },
    { name: `export: learning hours CSV ${province.code}`, variants: [get(`/exports/institutions/${province.code}/learning-hours.csv?year=${targets.year}`)] },
  ];
  log(`set: ${path}; session ${targets.seriesCode}#${targets.sessionNumber}; ${sessions.length} sessions; ${province.code} (${province.learners} learners in its subtree); learner MyProgress at ${LEARNER_RATE}/s, ${seconds} s per phase`);

  const figures: Record<string, number | string> = { cpus: cpus().length, loadAverageBefore: loadavg()[0].toFixed(1) };
  await parsing(log, figures);
  const learner = ops.MyProgress;
  for (const workers of ['0', '1']) {
    const server: ChildServer = await startChild(path, 20_000 + (process.pid % 5_000) * 2 + Number(workers), undefined, { READ_WORKERS: workers });
    const base = server.url.replace(/\/graphql$/, '');
    try {
      for (const h of heavy) await timeOne(base, h, tokens.admin!, 1); // warm-up: page cache, JIT, the worker's cache
      await learnerLoad(server.url, learner.query, learner.variables, tokens.learner!, 2);
      const alone = await learnerLoad(server.url, learner.query, learner.variables, tokens.learner!, seconds);
      figures[`READ_WORKERS=${workers}: learner alone p50 / p99 / max ms`] = `${alone.p50} / ${alone.p99} / ${alone.max} (${alone.requests} requests, ${alone.failures} failed)`;
      log(`READ_WORKERS=${workers}: learner alone p50 ${alone.p50} p99 ${alone.p99} max ${alone.max} ms`);
      for (const h of heavy) {
        const single: number[] = [];
        for (let i = 0; i < SINGLE_RUNS; i++) single.push(await timeOne(base, h, tokens.admin!, i + 2));
        single.sort((a, b) => a - b);
        const loop = startHeavyLoop(base, h, tokens.admin!);
        const beside = await learnerLoad(server.url, learner.query, learner.variables, tokens.learner!, seconds);
        const heavyDone = await loop.stop();
        await server.drained();
        const line = `${h.name}: alone median ${single[SINGLE_RUNS >> 1].toFixed(0)} ms; learner beside it p50 ${beside.p50} / p99 ${beside.p99} / max ${beside.max} ms (${beside.requests} requests, ${beside.failures} failed); ${heavyDone} heavy requests in ${seconds} s`;
        log(`READ_WORKERS=${workers}: ${line}`);
        figures[`READ_WORKERS=${workers}: ${h.name}`] = line.slice(h.name.length + 2);
      }
    } finally {
      await server.close();
    }
  }
  figures.loadAverageAfter = loadavg()[0].toFixed(1);
  return figures;
}
