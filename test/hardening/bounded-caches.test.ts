/**
 * Caches that outlive a request are bounded by (approximate) bytes, so no
 * stream of distinct inputs grows the heap without end. UntilNextWrite has
 * its own test (test/platform/until-next-write.test.ts), the cost cache is
 * held to a flat heap in hostile-variables.test.ts.
 */
import { parse } from 'graphql';
import * as jit from 'graphql-jit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bulkInsert } from '../../src/db/batch';
import { openDatabase } from '../../src/db/database';
import { jitGateway } from '../../src/graphql/jit-gateway';
import { CostRateLimiter } from '../../src/graphql/rate-limit';
import { getSchema } from '../../src/composition/schema';

vi.mock('graphql-jit', async (original) => {
  const actual = await original<typeof jit>();
  return { ...actual, compileQuery: vi.fn(actual.compileQuery) };
});

afterEach(() => vi.restoreAllMocks());

describe('bounded caches', () => {
  it('bulkInsert keeps prepared statements up to a byte budget, the least recently used dropped', async () => {
    const db = openDatabase(':memory:');
    try {
      const columns = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
      // In memory there is one connection: readRaw is the writer's too, where bulkInsert prepares.
      db.readRaw.exec(`CREATE TABLE scratch (${columns.join(',')})`);
      const rows = (n: number) => Array.from({ length: n }, (_, i) => columns.map(() => i));
      const prepare = vi.spyOn(db.readRaw, 'prepare');
      const insert = (n: number) =>
        db.write(async (tx) => {
          await bulkInsert(tx, 'scratch', columns, rows(n));
        });
      // Each row count is a statement of its own, about 0.8 MB each at 1,000 rows of 8 columns.
      const counts = Array.from({ length: 60 }, (_, i) => 1000 - i);
      for (const n of counts) await insert(n);
      expect(prepare).toHaveBeenCalledTimes(counts.length);
      await insert(counts.at(-1)!);
      expect(prepare).toHaveBeenCalledTimes(counts.length);
      await insert(counts[0]);
      expect(prepare).toHaveBeenCalledTimes(counts.length + 1);
    } finally {
      db.close();
    }
  });

  it('graphql-jit keeps compiled operations up to a byte budget', async () => {
    const gateway = jitGateway(getSchema());
    const { executor } = await gateway!.load({} as never);
    // 30 KB of text each: about 4 MB by the estimate, so a handful fit.
    const source = (i: number) => `# ${String(i).padEnd(30_000, '.')}\n{ __typename }`;
    const run = (i: number) =>
      executor!({ queryHash: `hash-${i}`, source: source(i), document: parse(source(i)), operationName: null, context: {}, request: {} } as never);
    const compileQuery = vi.mocked(jit.compileQuery);
    compileQuery.mockClear();
    for (let i = 0; i < 20; i++) expect(await run(i)).toEqual({ data: { __typename: 'Query' } });
    expect(compileQuery).toHaveBeenCalledTimes(20);
    await run(19);
    expect(compileQuery).toHaveBeenCalledTimes(20);
    await run(0);
    expect(compileQuery).toHaveBeenCalledTimes(21);
  });

  it('the rate limiter tracks a bounded number of callers; beyond it, new callers share one budget', () => {
    const limiter = new CostRateLimiter(10, () => 0, 2);
    expect(limiter.take('a', 10).allowed).toBe(true);
    expect(limiter.take('b', 1).allowed).toBe(true);
    expect(limiter.take('c', 6).allowed).toBe(true);
    expect(limiter.take('d', 6).allowed).toBe(false);
    expect(limiter.take('b', 9).allowed).toBe(true);
    expect(limiter.take('a', 1).allowed).toBe(false);
  });
});
