import { extname } from 'node:path';
import { Piscina } from 'piscina';
import { AppError, ErrorCode } from '../core/errors';

/**
 * Named work a service hands to the pool: plain data in, plain data out (both
 * cross a thread boundary). `Ctx` is what the task needs of the services; the
 * same task runs in a worker on that worker's services, or here on ours.
 */
export interface Task<Ctx, A, R> {
  readonly name: string;
  run(ctx: Ctx, args: A): R | Promise<R>;
}

export const defineTask = <Ctx, A, R>(name: string, run: (ctx: Ctx, args: A) => R | Promise<R>): Task<Ctx, A, R> => ({ name, run });

/** Any task, as the pool sees it: names and plain data. */
export type AnyTask = Task<any, any, any>;

/** An answer as it crosses the boundary: an AppError travels as its code and message, never a stack. */
type Envelope<R> = { ok: true; value: R } | { ok: false; error: { code: ErrorCode; message: string } };

async function settle<R>(task: AnyTask, ctx: unknown, args: unknown): Promise<Envelope<R>> {
  try {
    return { ok: true, value: (await task.run(ctx, args)) as R };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: { code: e.code, message: e.message } };
    throw e;
  }
}

function unwrap<R>(answer: Envelope<R>): R {
  if (answer.ok) return answer.value;
  throw new AppError(answer.error.code, answer.error.message);
}

export const serverBusy = () => new AppError(ErrorCode.SERVER_BUSY, 'The server is busy with other heavy work; try again in a few seconds');

/** What services call: `await pool.run(task, args)`. */
export interface ReadPool {
  /** Worker threads; 0 runs every task on the calling thread. */
  readonly threads: number;
  run<A, R>(task: Task<never, A, R>, args: A): Promise<R>;
  /** Stops the workers after the tasks they are running; later runs are refused. */
  close(): Promise<void>;
}

export interface ReadPoolOptions {
  /** Worker threads, 1 or more (`inProcessPool` for none). */
  threads: number;
  /** Tasks waiting for a thread at most; one more answers SERVER_BUSY. */
  maxQueue: number;
  /** The worker module (its default export is `serveTasks(...)`); a `.ts` one is loaded through tsx (tests). */
  workerFile: string;
  /** Handed to every worker as `workerData` (plain data: where the database is, the config). */
  workerData: unknown;
}

const closedError = () => new Error('The read pool is closed: the process is stopping');

/**
 * Tasks run on the calling thread, on `context()`'s services: for an
 * in-memory database, which no worker can open, and with `READ_WORKERS=0`.
 * Arguments and answers are cloned as a worker's are, so a task that is not
 * plain data fails the same way in tests as in production.
 */
export function inProcessPool(context: () => unknown, maxQueue = Number.POSITIVE_INFINITY): ReadPool {
  let closed = false;
  let running = 0;
  return {
    threads: 0,
    async run<A, R>(task: Task<never, A, R>, args: A): Promise<R> {
      if (closed) throw closedError();
      if (running >= maxQueue) throw serverBusy();
      running++;
      try {
        return unwrap(structuredClone(await settle<R>(task, context(), structuredClone(args))));
      } finally {
        running--;
      }
    },
    async close() {
      closed = true;
    },
  };
}

/**
 * Runs heavy reads and parsing on worker threads (piscina), each with its own
 * read-only connection, so a learner's 1 ms request does not wait behind an
 * admin's 100 ms one on the event loop.
 */
export function createReadPool(options: ReadPoolOptions): ReadPool {
  let closed = false;
  const pool = new Piscina({
    filename: options.workerFile,
    minThreads: options.threads,
    maxThreads: options.threads,
    maxQueue: options.maxQueue,
    idleTimeout: Number.POSITIVE_INFINITY,
    workerData: options.workerData,
    execArgv: extname(options.workerFile) === '.ts' ? ['--import', 'tsx'] : [],
  });
  return {
    threads: options.threads,
    async run<A, R>(task: Task<never, A, R>, args: A): Promise<R> {
      if (closed) throw closedError();
      if (pool.queueSize >= options.maxQueue) throw serverBusy();
      let answer: Envelope<R>;
      try {
        answer = (await pool.run({ name: task.name, args })) as Envelope<R>;
      } catch (e) {
        if (e instanceof Error && e.message === 'Task queue is at limit') throw serverBusy();
        throw e;
      }
      return unwrap(answer);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.close();
    },
  };
}

/** The worker side: answers `{ name, args }` by running the named task on `ctx`. */
export function serveTasks(tasks: readonly AnyTask[], ctx: unknown): (message: { name: string; args: unknown }) => Promise<unknown> {
  const byName = new Map(tasks.map((t) => [t.name, t]));
  if (byName.size !== tasks.length) throw new Error('Two read-pool tasks share a name');
  return (message) => {
    const task = byName.get(message.name);
    if (!task) return Promise.reject(new Error(`No read-pool task named ${message.name}`));
    return settle(task, ctx, message.args);
  };
}

