import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/auth/viewer';
import { benchLearners } from '../../bench/zoom-import';
import { backupDatabase, type BackupProgress } from '../../src/db/backup';
import { openDatabase, type Database } from '../../src/db/database';
import { statement } from '../../src/db/statement';
import { unwrap } from '../../src/seed/unwrap';
import { createServices, type Services } from '../../src/composition/services';

const dir = mkdtempSync(join(tmpdir(), 'bangkom-backup-'));
const livePath = join(dir, 'live.sqlite');
const noAutocheckpoint = statement<[]>('PRAGMA wal_autocheckpoint = 0');
const env = { ...process.env, DATABASE_URL: livePath, SEED_DEMO: 'false', LOG_LEVEL: 'silent' };

/** `npm run backup` / `npm run restore` as a process of its own, beside the test's writer. */
function cli(name: 'backup' | 'restore', ...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', `src/cli/${name}.ts`, ...args], { env, encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ code: error ? (error as { code?: number }).code ?? 1 : 0, out: `${stdout}${stderr}` }),
    );
  });
}

let db: Database;
let services: Services;

/** Creates institutions S-000000, S-000001, … one transaction each (row, path, audit), through the service. */
let streams = 0;
function writeStream() {
  const committed: string[] = [];
  const prefix = `S-${++streams}-`;
  let stopping = false;
  const running = (async () => {
    for (let i = 0; !stopping; i++) {
      const code = `${prefix}${String(i).padStart(6, '0')}`;
      unwrap('stream', await services.institutions.create(SYSTEM, { code, name: `Stream ${i}`, kind: 'GOVERNMENT_UNIT' }));
      committed.push(code);
      await new Promise((r) => setImmediate(r));
    }
  })();
  return {
    prefix,
    committed,
    /** Stops after at least one more commit, so the stream outlives whatever ran beside it. */
    async stop() {
      const seen = committed.length;
      let failed = false;
      void running.catch(() => (failed = true));
      while (committed.length === seen && !failed) await new Promise((r) => setTimeout(r, 5));
      stopping = true;
      await running;
    },
  };
}

function look(path: string, prefix = 'S-') {
  const copy = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: copy.pragma('integrity_check', { simple: true }),
      codes: (copy.prepare('SELECT code FROM institutions WHERE code LIKE ? ORDER BY id').all(`${prefix}%`) as { code: string }[]).map((r) => r.code),
      audited: (copy.prepare("SELECT target_id AS code FROM audit_log WHERE action = 'createInstitution' AND target_id LIKE ? ORDER BY id").all(`${prefix}%`) as { code: string }[]).map((r) => r.code),
      withoutPath: (copy.prepare("SELECT count(*) AS n FROM institutions WHERE path = ''").get() as { n: number }).n,
    };
  } finally {
    copy.close();
  }
}

beforeAll(async () => {
  db = openDatabase(livePath);
  services = createServices(db, { publicBaseUrl: 'http://localhost', databasePath: livePath });
  unwrap('setup', await services.institutions.create(SYSTEM, { code: 'BULK', name: 'Bulk', kind: 'TRAINING_AGENCY' }));
  // Some megabytes, so the copy takes a while and the stream commits during it.
  unwrap('setup', await services.learners.importLearners(SYSTEM, { institutionCode: 'BULK', learners: benchLearners(20_000) }));
  // From here on every commit stays in the WAL (as while a long reader holds checkpoints back):
  // a copy of the main file alone would miss them all.
  await db.write(async (tx) => await noAutocheckpoint(tx).all());
}, 120_000);

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const target = join(dir, 'copies', 'first.sqlite');
/** Every code the streams committed, in order. */
const streamed: string[] = [];

/** Takes a backup with `take` while the stream writes; checks it is a snapshot holding every commit made before it began. */
async function backupDuringStream(take: () => Promise<void>, copyPath: string) {
  const stream = writeStream();
  while (stream.committed.length < 20) await new Promise((r) => setTimeout(r, 5));
  const committedBefore = [...stream.committed];
  await take();
  await stream.stop();
  streamed.push(...stream.committed);

  const copy = look(copyPath, stream.prefix);
  expect(copy.integrity).toBe('ok');
  expect(copy.codes.slice(0, committedBefore.length)).toEqual(committedBefore);
  // A snapshot: some prefix of the commits, each transaction whole (row, path and audit row).
  expect(copy.codes).toEqual(stream.committed.slice(0, copy.codes.length));
  expect(copy.codes.length).toBeLessThan(stream.committed.length);
  expect(copy.audited).toEqual(copy.codes);
  expect(copy.withoutPath).toBe(0);
  console.info(`backup holds ${copy.codes.length} of ${stream.committed.length} streamed transactions (${committedBefore.length} committed before it began)`);
}

describe('npm run backup', () => {
  it('copies the database while another process writes: whole, consistent, with every transaction committed before it began', async () => {
    let run = { code: -1, out: '' };
    await backupDuringStream(async () => void (run = await cli('backup', target)), target);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Backup complete');
    expect(run.out).toContain(`file       ${target}`);
    expect(run.out).toMatch(/integrity {2}ok/);
  }, 120_000);

  it('refuses to replace an existing file unless --force', async () => {
    const before = readFileSync(target);
    const refused = await cli('backup', target);
    expect(refused).toEqual({ code: 1, out: expect.stringContaining(`${target} exists; pass --force to replace it`) });
    expect(readFileSync(target).equals(before)).toBe(true);

    const forced = await cli('backup', target, '--force');
    expect(forced.code).toBe(0);
    expect(look(target).codes).toEqual(streamed);
    expect(readdirSync(join(dir, 'copies'))).toEqual(['first.sqlite']);
  }, 60_000);

  it('explains its usage and a missing database', async () => {
    expect(await cli('backup')).toEqual({ code: 1, out: expect.stringContaining('Usage: npm run backup -- FILE [--force]') });
    const missing = await new Promise<{ code: number; out: string }>((resolve) =>
      execFile(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts', join(dir, 'x.sqlite')], { env: { ...env, DATABASE_URL: join(dir, 'none.sqlite') }, encoding: 'utf8' }, (error, stdout, stderr) =>
        resolve({ code: error ? 1 : 0, out: `${stdout}${stderr}` }),
      ),
    );
    expect(missing).toEqual({ code: 1, out: expect.stringContaining(`No database at ${join(dir, 'none.sqlite')}`) });
  }, 60_000);
});

describe('backupDatabase()', () => {
  it('copies in a worker while this process keeps committing: the copy has everything committed before the call', async () => {
    const copyPath = join(dir, 'in-process.sqlite');
    await backupDuringStream(async () => void (await backupDatabase(livePath, copyPath)), copyPath);
  }, 60_000);

  it('reports progress, ending with the integrity check of the finished copy', async () => {
    const seen: BackupProgress[] = [];
    const result = await backupDatabase(livePath, join(dir, 'progress.sqlite'), { onProgress: (p) => seen.push(p), progressEveryMs: 1 });
    expect(result.integrity).toBe('ok');
    const last = seen.at(-1)!;
    expect(last).toEqual({ phase: 'check', bytesWritten: result.bytes, bytesExpected: expect.any(Number) });
    expect(last.bytesExpected).toBeGreaterThan(0);
    expect(seen.every((p, i) => i === 0 || p.bytesWritten >= seen[i - 1].bytesWritten)).toBe(true);
  });

  it('stops when aborted and leaves no partial file', async () => {
    const into = join(dir, 'aborted');
    const controller = new AbortController();
    const copying = backupDatabase(livePath, join(into, 'never.sqlite'), { signal: controller.signal });
    controller.abort();
    await expect(copying).rejects.toThrow('Backup aborted');
    expect(readdirSync(into)).toEqual([]);
  });

  it('refuses an in-memory database and the database itself', async () => {
    await expect(backupDatabase(':memory:', join(dir, 'm.sqlite'))).rejects.toThrow(/in-memory/);
    await expect(backupDatabase(livePath, livePath, { force: true })).rejects.toThrow(/cannot replace the database itself/);
  });
});

describe('npm run restore', () => {
  const snapshot = join(dir, 'copies', 'snapshot.sqlite');

  it('refuses a file that is not a sound database, and a database a server has open', async () => {
    await backupDatabase(livePath, snapshot);
    const garbage = join(dir, 'garbage.sqlite');
    writeFileSync(garbage, 'not a database at all, just some text that is long enough to look like a header'.repeat(100));
    expect(await cli('restore', garbage)).toEqual({ code: 1, out: expect.stringMatching(/is not a SQLite database/) });

    const damaged = join(dir, 'damaged.sqlite');
    copyFileSync(snapshot, damaged);
    const bytes = readFileSync(damaged);
    bytes.fill(0x5a, 4096 * 2, 4096 * 2 + 512);
    writeFileSync(damaged, bytes);
    expect(await cli('restore', damaged)).toEqual({ code: 1, out: expect.stringMatching(/failed its integrity check|cannot be read as a database/) });

    expect(await cli('restore', snapshot)).toEqual({ code: 1, out: expect.stringContaining(`${livePath} is in use: stop the server first`) });
    expect(look(livePath).codes).toEqual(streamed);
  }, 60_000);

  it('replaces the stopped database with a backup, keeps the old one beside it, and the server opens it', async () => {
    const backupCodes = look(join(dir, 'progress.sqlite')).codes;
    // Something newer than the backup, which the restore rolls back.
    unwrap('later', await services.institutions.create(SYSTEM, { code: 'LATER', name: 'Later', kind: 'GOVERNMENT_UNIT' }));
    db.close();

    const restored = await cli('restore', join(dir, 'progress.sqlite'));
    expect(restored.code).toBe(0);
    expect(restored.out).toContain('Restore complete');
    expect(restored.out).toMatch(/integrity {2}ok/);
    const previous = /previous {3}(\S+)/.exec(restored.out)![1];
    expect(previous).toMatch(/live\.sqlite\.before-restore-/);
    expect(existsSync(`${livePath}-wal`)).toBe(false);

    const old = new BetterSqlite3(previous, { readonly: true });
    expect(old.prepare("SELECT count(*) AS n FROM institutions WHERE code = 'LATER'").get()).toEqual({ n: 1 });
    old.close();

    db = openDatabase(livePath);
    expect(db.readRaw.prepare("SELECT code FROM institutions WHERE code LIKE 'S-%' ORDER BY id").all().map((r) => (r as { code: string }).code)).toEqual(backupCodes);
    expect(db.readRaw.prepare("SELECT count(*) AS n FROM institutions WHERE code = 'LATER'").get()).toEqual({ n: 0 });
    expect(db.readRaw.pragma('journal_mode', { simple: true })).toBe('wal');
  }, 60_000);
});
