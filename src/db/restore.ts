import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS_FOLDER } from './database';
import { syncDirectory, syncFile } from './fsync';

export interface RestoreResult {
  from: string;
  to: string;
  bytes: number;
  /** Where the database that was replaced now is, if there was one. */
  previous: string | null;
  /** Migrations recorded in the backup, and how many this version has (the server applies the rest at start). */
  migrations: { inBackup: number; known: number };
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

const sqliteCode = (error: unknown) => (error as { code?: string }).code ?? '';

/** Checks that `path` is a whole Bangkom database this version can run; returns its migration count. */
export function checkBackup(path: string): RestoreResult['migrations'] {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new RestoreError(`Cannot open ${path}: ${(error as Error).message}`);
  }
  try {
    const problems = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (problems.join() !== 'ok') throw new RestoreError(`${path} failed its integrity check: ${problems.join('; ')}`);
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
    if (!table) throw new RestoreError(`${path} is not a Bangkom database (it has no migrations table)`);
    const { n, newest } = db.prepare('SELECT count(*) AS n, max(created_at) AS newest FROM __drizzle_migrations').get() as { n: number; newest: number | null };
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: { when: number }[] };
    const knownNewest = Math.max(...journal.entries.map((e) => e.when));
    if ((newest ?? 0) > knownNewest) throw new RestoreError(`${path} was made by a newer version of Bangkom (it has migrations this one lacks)`);
    return { inBackup: n, known: journal.entries.length };
  } catch (error) {
    if (error instanceof RestoreError) throw error;
    if (sqliteCode(error) === 'SQLITE_NOTADB') throw new RestoreError(`${path} is not a SQLite database`);
    throw new RestoreError(`${path} cannot be read as a database: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

/**
 * Leaving WAL mode needs the only connection to the database, so it fails while
 * a server has it open; on success the WAL is folded into the file, which then
 * moves aside whole.
 */
function ensureNotInUse(path: string) {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(path, { timeout: 0 });
    if (db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') throw Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' });
  } catch (error) {
    if (['SQLITE_BUSY', 'SQLITE_LOCKED'].includes(sqliteCode(error))) {
      throw new RestoreError(`${path} is in use: stop the server first`);
    }
    // A damaged database (often the reason to restore) is replaced without this check.
  } finally {
    db?.close();
  }
}

/** Replaces the database at `databasePath` with the checked backup; the old file is kept beside it. */
export function restoreDatabase(backupPath: string, databasePath: string, now = new Date()): RestoreResult {
  if (databasePath === ':memory:') throw new RestoreError('DATABASE_URL is :memory:; there is no file to restore into');
  const from = resolve(backupPath);
  const to = resolve(databasePath);
  if (!existsSync(from)) throw new RestoreError(`No backup at ${from}`);
  if (from === to) throw new RestoreError('The backup is the database itself');
  const migrations = checkBackup(from);

  const exists = existsSync(to);
  if (exists) ensureNotInUse(to);
  const incoming = join(dirname(to), `.${basename(to)}.restoring-${process.pid}`);
  try {
    copyFileSync(from, incoming);
    syncFile(incoming);
    let previous: string | null = null;
    if (exists) {
      previous = `${to}.before-restore-${now.toISOString().replace(/:/g, '-')}`;
      renameSync(to, previous);
      if (existsSync(`${to}-wal`)) renameSync(`${to}-wal`, `${previous}-wal`);
    }
    rmSync(`${to}-shm`, { force: true });
    renameSync(incoming, to);
    syncDirectory(dirname(to));
    return { from, to, bytes: statSync(to).size, previous, migrations };
  } finally {
    rmSync(incoming, { force: true });
  }
}
