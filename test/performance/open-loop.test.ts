import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interleave } from '../../bench/support/open-load-mix';
import { percentile, runOpenLoop, type OpenLoopRequest } from '../../bench/support/open-loop';

/**
 * The open-loop generator's measurement: each request's wait counts from when
 * it was due. Here the server shares the test's event loop, so its stall also
 * holds the generator (as a busy machine would): the requests due meanwhile
 * leave late, and their latency must still include the stall. Counting from
 * the actual send, as a closed loop does, would report one slow request.
 */
let server: Server;
let base: string;
let stalled = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/stall' && !stalled) {
      stalled = true;
      const until = Date.now() + 300;
      while (Date.now() < until); // holds the event loop, as a heavy synchronous query would
    }
    res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
    res.end(req.url === '/errors' ? '{"errors":[{"message":"x"}]}' : '{"data":{}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = (kind: string, path: string): OpenLoopRequest => ({ kind, method: 'GET', path, headers: {} });

describe('open-loop load generator', () => {
  it('counts every wait from the time the request was due, also of requests held back by a stall', async () => {
    // 100 req/s for 1 s; the 11th request stalls the server for 300 ms.
    const result = await runOpenLoop(base, 100, 1, (i) => (i === 10 ? get('stall', '/stall') : get('quick', '/quick')));
    expect(result.sent).toBe(100);
    expect(result.completed).toBe(100);
    const quick = result.latencies.get('quick')!;
    // The ~30 requests due during the stall waited for it: the later in it they were due, the less.
    const waited = quick.filter((ms) => ms >= 100).length;
    expect(waited).toBeGreaterThanOrEqual(15);
    expect(Math.max(...quick)).toBeGreaterThanOrEqual(200);
    expect(result.kinds.find((k) => k.kind === 'stall')!.maxMs).toBeGreaterThanOrEqual(300);
  });

  it('counts non-2xx answers and GraphQL errors apart, by kind', async () => {
    const result = await runOpenLoop(base, 50, 0.6, (i) => [get('ok', '/ok'), get('missing', '/missing'), get('errors', '/errors')][i % 3]);
    const byKind = Object.fromEntries(result.kinds.map((k) => [k.kind, [k.count, k.non2xx, k.errors]]));
    expect(byKind).toEqual({ ok: [10, 0, 0], missing: [10, 10, 0], errors: [10, 0, 10] });
  });

  it('spreads the kinds of a mix evenly over the cycle, each as often as its weight', () => {
    const order = interleave({ a: 6, b: 3, c: 1 });
    expect(order).toHaveLength(10);
    expect(order.filter((k) => k === 'a')).toHaveLength(6);
    expect(order.filter((k) => k === 'c')).toHaveLength(1);
    // The heavier kinds never come twice in a row where the weights allow spacing them.
    expect(order.some((k, i) => k === 'b' && order[i + 1] === 'b')).toBe(false);
  });

  it('takes the nearest-rank percentile', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100), percentile([], 99)]).toEqual([50, 99, 100, 0]);
  });
});
