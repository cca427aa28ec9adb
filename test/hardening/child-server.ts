import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

const ROOT = join(__dirname, '../..');

export interface ChildServer {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote so far (JSON log lines). */
  output(): string;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: unknown[] }>;
}

/** `src/main.ts` in its own process (through tsx, one process, so SIGKILL kills the server itself). */
export async function startChildServer(databasePath: string, token: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databasePath,
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      BOOTSTRAP_ADMIN_TOKEN: token,
      RATE_LIMIT_COST_PER_MINUTE: '100000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => void (output += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /Server listening at (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) resolve(`${match[1]}/graphql`);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await r.json()) as { data?: any; errors?: unknown[] };
  };
  return { child, url, output: () => output, gql };
}

/** The data of a child server's answer; its errors, if any, fail the test with their text. */
export async function dataOrThrow(r: Promise<{ data?: any; errors?: unknown[] }>) {
  const got = await r;
  if (got.errors?.length) throw new Error(JSON.stringify(got.errors));
  return got.data;
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Resolves once another connection finds the database write-locked (`BEGIN
 * IMMEDIATE` refused): the server is inside its write transaction. Gives up
 * (false) when `done()` turns true or the time runs out.
 */
export async function waitForWriteLock(databasePath: string, done: () => boolean, timeoutMs = 240_000): Promise<boolean> {
  const probe = new BetterSqlite3(databasePath, { timeout: 0 });
  try {
    const deadline = Date.now() + timeoutMs;
    while (!done() && Date.now() < deadline) {
      try {
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('ROLLBACK');
        await sleep(1);
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        return true;
      }
    }
    return false;
  } finally {
    probe.close();
  }
}

/**
 * Sends `request` and SIGKILLs the server as soon as it is inside its write
 * transaction. Returns whether the lock was seen and whether the response
 * arrived before the kill.
 */
export async function killDuringWrite(
  server: ChildServer,
  databasePath: string,
  request: () => Promise<unknown>,
  timeoutMs = 240_000,
): Promise<{ sawLock: boolean; answered: boolean }> {
  let answered = false;
  const pending = request().then(
    () => void (answered = true),
    () => undefined,
  );
  const sawLock = await waitForWriteLock(databasePath, () => answered, timeoutMs);
  const answeredBeforeKill = answered;
  await stopChild(server.child, 'SIGKILL');
  await pending;
  return { sawLock, answered: answeredBeforeKill };
}
