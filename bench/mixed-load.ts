import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import autocannon from 'autocannon';
import pino from 'pino';
import { createApp } from '../src/app';
import { SYSTEM } from '../src/auth/viewer';
import { loadConfig } from '../src/config';
import { unwrap } from '../src/seed/unwrap';
import { loadContractOperations } from './contract-operations';
import { benchLearners } from './zoom-import';

const LEARNERS = 3_000;
const LEARNER_TOKENS = 50;
const SECONDS = Number(process.env.MIXED_LOAD_SECONDS ?? 60);
const CONNECTIONS = 50;
/** autocannon's default of 10 s counts a slow answer as an error; on a shared 2-core machine the slowest took ~8 s. */
const TIMEOUT_SECONDS = 30;

interface Call {
  name: string;
  body: string;
  token?: string;
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

/** A full collection before each memory reading, so they compare live memory, not garbage (`npm run bench` runs plain node). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * The demo seed plus 3,000 learners who attended a session and hold its
 * certificates, served in-process over HTTP; then autocannon runs the
 * clients' contract operations for 60 s at 50 connections.
 */
export async function bench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'bangkom-bench-load-'));
  const config = loadConfig({
    DATABASE_URL: join(dir, 'load.sqlite'),
    SEED_DEMO: 'true',
    PORT: '0',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    RATE_LIMIT_COST_PER_MINUTE: '1000000000',
  });
  const app = await createApp(config, pino({ level: 'silent' }));
  try {
    const { services } = app;
    log(`seeding the demo and ${LEARNERS.toLocaleString()} learners with attendance and certificates`);
    const people = benchLearners(LEARNERS);
    unwrap('learners', await services.learners.importLearners(SYSTEM, { institutionCode: 'DINSOS-PROBOLINGGO', learners: people }));
    unwrap('rule', await services.certificateRules.define(SYSTEM, {
      code: 'LOAD-RULE',
      name: 'Hadir 60 menit',
      institutionCode: 'BPSDM-JATIM',
      criteria: [{ kind: 'ATTENDANCE_MINUTES', threshold: 60 }],
    }));
    const session = unwrap('session', await services.webinars.scheduleSession(SYSTEM, {
      seriesCode: 'MITK',
      number: 90,
      title: 'Sesi beban',
      startsAt: '2025-03-10T09:00:00+07:00',
      endsAt: '2025-03-10T11:00:00+07:00',
      jp: 2,
      certificateRuleCode: 'LOAD-RULE',
    }));
    const entries = people.map((p, i) => ({ nip: p.nip, minutes: 30 + (i % 100) }));
    unwrap('attendance', await services.attendance.record(SYSTEM, { sessionId: session.id, source: 'FORM', entries }));
    const issued = unwrap('certificates', await services.certificates.issue(SYSTEM, { type: 'SESSION', id: session.id }, false));
    log(`issued ${issued.issuedCount} certificates`);

    const learnerTokens = await Promise.all(
      people.slice(0, LEARNER_TOKENS).map(async (p, i) => ({
        nip: p.nip,
        token: unwrap('token', await services.access.create(SYSTEM, { name: `load learner ${i}`, role: 'LEARNER', nip: p.nip })).token,
      })),
    );
    const admin = unwrap('token', await services.access.create(SYSTEM, { name: 'load admin', role: 'INSTITUTION_ADMIN', institutionCode: 'BPSDM-JATIM' })).token;
    const codes = issued.issued.map((c) => c.verificationCode);

    await app.http.listen({ port: 0, host: '127.0.0.1' });
    const address = app.http.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;

    const { op } = loadContractOperations();
    const call = (name: string, variables: Record<string, unknown>, token?: string): Call => ({
      name,
      body: JSON.stringify({ query: op(name), variables }),
      token,
    });
    const send = async (c: Call) => {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(c.token ? { authorization: `Bearer ${c.token}` } : {}) },
        body: c.body,
      });
      return (await r.json()) as { data?: any; errors?: unknown[] };
    };

    // Eligibility pages: the cursors a client walking the list would send.
    const pages: (string | null)[] = [null];
    for (;;) {
      const page = await send(call('SessionEligibility', { seriesCode: 'MITK', number: 90, first: 100, after: pages.at(-1) }, admin));
      const info = page.data?.webinarSession?.eligibility?.pageInfo;
      if (!info?.hasNextPage || pages.length >= 10) break;
      pages.push(info.endCursor);
    }

    // One cycle of the mix: learners 2/5, catalogue 1/5, eligibility 1/5, verification 1/5.
    const mix: Call[] = [];
    for (let i = 0; i < 100; i++) {
      const learner = learnerTokens[i % learnerTokens.length];
      const slot = i % 5;
      if (slot === 0) mix.push(call('MyProgress', { year: 2025 }, learner.token));
      if (slot === 1) mix.push(call('LearnerProgress', { nip: learner.nip, year: 2025 }, learner.token));
      if (slot === 2) mix.push(call('Catalog', { first: 20 }));
      if (slot === 3) mix.push(call('SessionEligibility', { seriesCode: 'MITK', number: 90, first: 100, after: pages[i % pages.length] }, admin));
      if (slot === 4) mix.push(call('VerifyCertificate', { code: codes[(i * 37) % codes.length] }));
    }
    // Every kind of call must answer data, or the figures would measure errors; and its latency alone.
    const alone: Record<string, number> = {};
    for (const c of new Map(mix.map((c) => [c.name, c])).values()) {
      const r = await send(c);
      if (r.errors?.length || !r.data) throw new Error(`${c.name} answers errors: ${JSON.stringify(r.errors).slice(0, 500)}`);
      const started = performance.now();
      for (let i = 0; i < 5; i++) await send(c);
      alone[`${c.name}AloneMs`] = Number(((performance.now() - started) / 5).toFixed(1));
    }
    log(`one at a time (mean of 5): ${Object.entries(alone).map(([k, v]) => `${k.replace('AloneMs', '')} ${v} ms`).join(', ')}`);
    log(`mix of ${mix.length} requests: MyProgress, LearnerProgress, Catalog, SessionEligibility (${pages.length} pages), VerifyCertificate`);

    log('warming up (5 s)');
    await autocannon({ url, connections: 10, duration: 5, requests: requestsOf(mix) });
    collectGarbage();
    const before = process.memoryUsage();
    const rssSamples: number[] = [];
    const sampler = setInterval(() => rssSamples.push(mb(process.memoryUsage().rss)), 10_000);
    let graphqlErrors = 0;
    log(`running ${SECONDS} s at ${CONNECTIONS} connections`);
    const result = await autocannon({
      url,
      connections: CONNECTIONS,
      duration: SECONDS,
      timeout: TIMEOUT_SECONDS,
      requests: requestsOf(mix, (body) => {
        if (body.includes('"errors"')) graphqlErrors++;
      }),
    });
    clearInterval(sampler);
    collectGarbage();
    const after = process.memoryUsage();
    const figures = {
      seconds: SECONDS,
      connections: CONNECTIONS,
      timeoutSeconds: TIMEOUT_SECONDS,
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      latencyP50Ms: result.latency.p50,
      latencyP97_5Ms: result.latency.p97_5,
      latencyP99Ms: result.latency.p99,
      latencyMaxMs: result.latency.max,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      graphqlErrors,
      rssBeforeMb: mb(before.rss),
      rssAfterMb: mb(after.rss),
      heapUsedBeforeMb: mb(before.heapUsed),
      heapUsedAfterMb: mb(after.heapUsed),
      rssEvery10sMb: rssSamples.join(' '),
      ...alone,
      loadAverage1m: Number(loadavg()[0].toFixed(1)),
    };
    log(`${figures.requestsPerSecond} req/s, p50 ${figures.latencyP50Ms} ms, p97.5 ${figures.latencyP97_5Ms} ms, p99 ${figures.latencyP99Ms} ms`);
    log(`non-2xx ${figures.non2xx}, errors ${figures.errors}, timeouts ${figures.timeouts}, GraphQL errors ${graphqlErrors}`);
    log(`RSS ${figures.rssBeforeMb} -> ${figures.rssAfterMb} MB (every 10 s: ${figures.rssEvery10sMb}), heap after GC ${figures.heapUsedBeforeMb} -> ${figures.heapUsedAfterMb} MB`);
    return figures;
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function requestsOf(mix: Call[], onBody?: (body: string) => void): autocannon.Request[] {
  return mix.map((c) => ({
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...(c.token ? { authorization: `Bearer ${c.token}` } : {}) },
    body: c.body,
    ...(onBody ? { onResponse: (_status: number, body: string) => onBody(body) } : {}),
  }));
}
