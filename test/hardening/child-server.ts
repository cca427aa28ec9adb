import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

const ROOT = join(__dirname, '../..');

export interface ChildServer {
  child: ChildProcess;
  url: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: unknown[] }>;
}

/** `src/main.ts` in its own process (through tsx, one process, so SIGKILL kills the server itself). */
export async function startChildServer(databasePath: string, token: string): Promise<ChildServer> {
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
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
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
  return { child, url, gql };
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends `request` and SIGKILLs the server as soon as another connection finds
 * the database write-locked (`BEGIN IMMEDIATE` refused): the server is inside
 * its write transaction. Returns whether the lock was seen and whether the
 * response arrived before the kill.
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
  const probe = new BetterSqlite3(databasePath, { timeout: 0 });
  let sawLock = false;
  try {
    const deadline = Date.now() + timeoutMs;
    while (!sawLock && !answered && Date.now() < deadline) {
      try {
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('ROLLBACK');
        await sleep(1);
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        sawLock = true;
      }
    }
    const answeredBeforeKill = answered;
    await stopChild(server.child, 'SIGKILL');
    await pending;
    return { sawLock, answered: answeredBeforeKill };
  } finally {
    probe.close();
  }
}
