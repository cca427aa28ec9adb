import { Agent, request } from 'node:http';

/**
 * An open-loop load generator: requests leave at a fixed offered rate,
 * whatever the server answers, and each latency is counted from the moment
 * the request was due, not from when it left. A closed loop (autocannon's
 * connections, even with `overallRate`) sends the next request only once a
 * connection is free, so a stalled server also stalls the arrivals and hides
 * the wait (coordinated omission).
 */
export interface OpenLoopRequest {
  /** What the figures group by (an operation's name). */
  kind: string;
  /** A finer name for the serial run (a variant of the kind, such as a search by NIP prefix). */
  label?: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface KindFigures {
  kind: string;
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers with a status other than 2xx. */
  non2xx: number;
  /** GraphQL errors in a 200 answer, timeouts and connection errors. */
  errors: number;
}

export interface OpenLoopResult {
  rate: number;
  seconds: number;
  sent: number;
  completed: number;
  /** Latest a request left after it was due: above a few ms the generator, not the server, limits the run. */
  maxSendLagMs: number;
  kinds: KindFigures[];
  /** Every latency (ms) by kind, for pooling kinds. */
  latencies: Map<string, number[]>;
}

export const TIMEOUT_MS = 30_000;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Figures of a group of latencies (ms) and failures. */
export function summarise(kind: string, latencies: number[], non2xx: number, errors: number): KindFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { kind, count: sorted.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted.at(-1) ?? 0), non2xx, errors };
}

interface Outcome {
  latencyMs: number;
  status: number;
  graphqlErrors: boolean;
  failed: boolean;
}

function sendOne(base: URL, agent: Agent, r: OpenLoopRequest, due: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const done = (status: number, graphqlErrors: boolean, failed: boolean) =>
      resolve({ latencyMs: performance.now() - due, status, graphqlErrors, failed });
    const req = request(
      { host: base.hostname, port: base.port, method: r.method, path: r.path, headers: r.headers, agent, timeout: TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          // GraphQL answers are JSON; an error list starts with `"errors"` at the top level or after `"data"`.
          const json = (res.headers['content-type'] ?? '').includes('json');
          done(res.statusCode ?? 0, json && Buffer.concat(chunks).includes('"errors"'), false);
        });
        res.on('error', () => done(res.statusCode ?? 0, false, true));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => done(0, false, true));
    req.end(r.body);
  });
}

/**
 * Sends `next(i)` for i = 0, 1, ... at `rate` per second for `seconds`, then
 * waits for the answers (each at most TIMEOUT_MS). `progress` is called about
 * every 5 s with a line to print.
 */
export async function runOpenLoop(
  baseUrl: string,
  rate: number,
  seconds: number,
  next: (i: number) => OpenLoopRequest,
  progress: (line: string) => void = () => {},
): Promise<OpenLoopResult> {
  const base = new URL(baseUrl);
  // Enough sockets that a backlog queues in the server, where it is measured, not in the agent.
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const latencies = new Map<string, number[]>();
  const failures = new Map<string, { non2xx: number; errors: number }>();
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const pending: Promise<void>[] = [];
  let completed = 0;
  let maxSendLagMs = 0;
  let recent: number[] = [];
  const start = performance.now() + 5;
  let nextReport = start + 5000;

  const record = (kind: string, o: Outcome) => {
    completed++;
    if (!latencies.has(kind)) {
      latencies.set(kind, []);
      failures.set(kind, { non2xx: 0, errors: 0 });
    }
    const f = failures.get(kind)!;
    if (o.failed || o.graphqlErrors) f.errors++;
    else if (o.status < 200 || o.status >= 300) f.non2xx++;
    latencies.get(kind)!.push(o.latencyMs);
    recent.push(o.latencyMs);
  };

  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        const due = start + sent * interval;
        maxSendLagMs = Math.max(maxSendLagMs, now - due);
        const r = next(sent);
        pending.push(sendOne(base, agent, r, due).then((o) => record(r.kind, o)));
        sent++;
      }
      if (now >= nextReport) {
        const sorted = recent.sort((a, b) => a - b);
        progress(`  ${Math.round((now - start) / 1000)} s: sent ${sent}, answered ${completed}, in flight ${sent - completed}, last 5 s p50 ${round(percentile(sorted, 50))} ms p99 ${round(percentile(sorted, 99))} ms`);
        recent = [];
        nextReport += 5000;
      }
      if (sent >= total) return resolve();
      setTimeout(tick, Math.max(0, Math.min(interval, start + sent * interval - performance.now())));
    };
    setTimeout(tick, 5);
  });
  await Promise.all(pending);
  agent.destroy();
  const kinds = [...latencies.entries()].map(([kind, l]) => summarise(kind, l, failures.get(kind)!.non2xx, failures.get(kind)!.errors));
  return { rate, seconds, sent, completed, maxSendLagMs: round(maxSendLagMs), kinds, latencies };
}

/**
 * Each request one after another, nothing else in flight: what an operation
 * costs alone (`rounds` times over the list), by kind.
 */
export async function runSerial(baseUrl: string, requests: OpenLoopRequest[], rounds: number): Promise<KindFigures[]> {
  const base = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies = new Map<string, number[]>();
  const failures = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    for (const r of requests) {
      const o = await sendOne(base, agent, r, performance.now());
      const name = r.label ?? r.kind;
      latencies.set(name, [...(latencies.get(name) ?? []), o.latencyMs]);
      if (o.failed || o.graphqlErrors || o.status < 200 || o.status >= 300) failures.set(name, (failures.get(name) ?? 0) + 1);
    }
  }
  agent.destroy();
  return [...latencies.entries()].map(([kind, l]) => summarise(kind, l, 0, failures.get(kind) ?? 0));
}
