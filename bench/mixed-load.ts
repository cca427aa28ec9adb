import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import autocannon from 'autocannon';
import pino from 'pino';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { checkMix, mixedMix, requestsOf, seedMixedWorld, send } from './support/mixed-mix';
const SECONDS = Number(process.env.MIXED_LOAD_SECONDS ?? 60);
const CONNECTIONS = 50;
/** autocannon's default of 10 s counts a slow answer as an error; on a shared 2-core machine the slowest took ~8 s. */
const TIMEOUT_SECONDS = 30;

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
    const world = await seedMixedWorld(app.services, log);
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    const address = app.http.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;

    const { mix, pages } = await mixedMix(url, world);
    await checkMix(url, mix);
    // The latency of each kind of call alone.
    const alone: Record<string, number> = {};
    for (const c of new Map(mix.map((c) => [c.name, c])).values()) {
      const started = performance.now();
      for (let i = 0; i < 5; i++) await send(url, c);
      alone[`${c.name}AloneMs`] = Number(((performance.now() - started) / 5).toFixed(1));
    }
    log(`one at a time (mean of 5): ${Object.entries(alone).map(([k, v]) => `${k.replace('AloneMs', '')} ${v} ms`).join(', ')}`);
    log(`mix of ${mix.length} requests: MyProgress, LearnerProgress, Catalog, SessionEligibility (${pages} pages), VerifyCertificate`);

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
