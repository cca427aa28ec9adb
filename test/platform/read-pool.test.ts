import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { READ_TASKS } from '../../src/composition/read-tasks';
import { AppError, ErrorCode, forbidden } from '../../src/core/errors';
import { defineTask, inProcessPool, serveTasks } from '../../src/db/read-pool';

const double = defineTask('test.double', (ctx: { factor: number }, a: { n: number }) => ctx.factor * a.n);
const refuse = defineTask('test.refuse', () => {
  throw forbidden('Not yours');
});
const leaky = defineTask('test.leaky', () => ({ later: () => 'a function cannot cross a thread' }));
const mutate = defineTask('test.mutate', (_: unknown, a: { list: number[] }) => {
  a.list.push(4);
  return a.list;
});

describe('the read pool without threads (READ_WORKERS=0, :memory:)', () => {
  const pool = inProcessPool(() => ({ factor: 3 }));

  it("runs a task on the context's services", async () => {
    expect(await pool.run(double, { n: 14 })).toBe(42);
  });

  it('answers an AppError as one, with its code and message', async () => {
    const error = await pool.run(refuse, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: ErrorCode.FORBIDDEN, message: 'Not yours' });
  });

  it('copies arguments and answers as a thread boundary would: the caller keeps its own, and a function does not cross', async () => {
    const list = [1, 2, 3];
    expect(await pool.run(mutate, { list })).toEqual([1, 2, 3, 4]);
    expect(list).toEqual([1, 2, 3]);
    await expect(pool.run(leaky, {})).rejects.toThrow(/could not be cloned/);
  });

  it('refuses work once closed', async () => {
    const closing = inProcessPool(() => ({ factor: 1 }));
    await closing.close();
    await expect(closing.run(double, { n: 1 })).rejects.toThrow(/closed/);
  });
});

describe("a worker's task table", () => {
  it('answers by name, and refuses an unknown name and two tasks of one name', async () => {
    const serve = serveTasks([double, refuse], { factor: 2 });
    expect(await serve({ name: 'test.double', args: { n: 5 } })).toEqual({ ok: true, value: 10 });
    expect(await serve({ name: 'test.refuse', args: {} })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Not yours' } });
    await expect(serve({ name: 'test.nothing', args: {} })).rejects.toThrow(/No read-pool task named test.nothing/);
    expect(() => serveTasks([double, double], {})).toThrow(/share a name/);
  });
});

describe("the workers' task list", () => {
  it('holds every task a module defines, so none is missing when it runs on a worker', () => {
    const root = join(__dirname, '../../src/modules');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const defined = files.flatMap((f) => [...readFileSync(join(root, f), 'utf8').matchAll(/defineTask\('([^']+)'/g)].map((m) => m[1]));
    expect(defined.length).toBeGreaterThan(5);
    expect(READ_TASKS.map((t) => t.name).sort()).toEqual([...new Set(defined)].sort());
  });
});
