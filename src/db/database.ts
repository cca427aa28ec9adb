import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { packageRoot } from '../core/package-root';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db } from './db';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { DatabaseBusyError, WRITE_LOCK_WAIT_MS } from './errors';
import { registerDriver, sqliteDriver } from './statement';
import { WriteQueue } from './write-queue';

export type { Db, Schema } from './db';

export interface Database {
  readonly dialect: 'sqlite' | 'postgres';
  /** Read connection (WAL readers never wait for the writer). */
  readonly read: Db;
  /**
   * Reads that may lag the last commits by a moment (the public catalogue,
   * the verify page): a PostgreSQL streaming replica when DATABASE_REPLICA_URL
   * names one, else `read`. Never for what a viewer reads after their own write.
   */
  readonly replica: Db;
  /** Raw read connection, for hand-written SQL on hot paths. */
  readonly readRaw: BetterSqlite3.Database;
  /** Runs `fn` in one `BEGIN IMMEDIATE` transaction on the single writer; calls queue one at a time. */
  write<T>(fn: (tx: Db) => Promise<T> | T): Promise<T>;
  /** Statements executed since open (counted only when `countStatements` was set). */
  readonly statements: { count: number };
  /**
   * Changes whenever a write committed, through this handle or any other
   * connection or process on the same file: a cache computed at one
   * generation is current while it holds.
   */
  readonly generation: number;
  readonly path: string;
  /** Answers once the database answers a trivial query (health checks). */
  ping(): Promise<void>;
  /** For health checks: 'none' without a replica; 'unreachable' while the reads it would serve go to the primary. */
  replicaStatus(): Promise<'none' | 'ok' | 'unreachable'>;
  /**
   * Runs `fn` while no other process runs an `exclusively` of its own on the
   * same database: migrations' and the first run's seeding, when several
   * nodes start together. SQLite's processes share one machine, where the
   * primary process does this before the others start.
   */
  exclusively<T>(fn: () => Promise<T>): Promise<T>;
  /** A read handle of its own for a background job, whose statements are not counted with the requests'. */
  backgroundReader(): { db: Db; close(): void };
  /** Refuses new writes and resolves once the queued and running ones have finished (graceful stop). */
  drain(): Promise<void>;
  /** Closes the connections now (PostgreSQL's once their last statements end); later writes are refused. */
  close(): void | Promise<void>;
}

export { DatabaseBusyError, DatabaseClosingError, UniqueViolationError, WRITE_LOCK_WAIT_MS } from './errors';

export interface OpenOptions {
  countStatements?: boolean;
  migrate?: boolean;
  /**
   * Called with the text of every statement executed (the performance tests
   * read query plans from it); on PostgreSQL with its parameters too.
   */
  onStatement?: (sql: string, params?: unknown[]) => void;
  /** How long a write waits for another process's transaction (`WRITE_LOCK_WAIT_MS`). */
  writeLockWaitMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isBusy = (error: unknown) => (error as { code?: string }).code === 'SQLITE_BUSY';

/**
 * Watches for commits by any other connection to the file: `PRAGMA
 * data_version` on a connection changes when another one has committed. A
 * connection of its own (it never writes, so our writer's commits count too),
 * so the check never shows among the read connection's statements; about 1 µs.
 */
function commitWatcher(path: string): { version: () => number; close: () => void } {
  const conn = new BetterSqlite3(path, { readonly: true });
  conn.pragma('cache_size = 0');
  const version = conn.prepare('PRAGMA data_version').pluck();
  return { version: () => version.get() as number, close: () => conn.close() };
}

export const MIGRATIONS_FOLDER = join(packageRoot(), 'drizzle');

/** A Drizzle handle on a better-sqlite3 connection, known to `statement()` as SQLite. */
function sqliteHandle(conn: BetterSqlite3.Database): Db {
  const db = drizzle(conn, { schema }) as unknown as Db;
  registerDriver(db, sqliteDriver(conn));
  return db;
}

function openConnection(path: string, onStatement?: (sql: string) => void): BetterSqlite3.Database {
  const conn = new BetterSqlite3(path, onStatement ? { verbose: (sql?: unknown) => onStatement(String(sql)) } : {});
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  conn.pragma('cache_size = -65536');
  conn.pragma('temp_store = MEMORY');
  return conn;
}

/**
 * A read-only handle on a database file another connection writes (a worker
 * thread's). It never writes; `generation` is SQLite's `data_version`, which
 * moves with every commit by any other connection, in any thread or process.
 */
export function openReader(path: string): Database {
  if (path === ':memory:') throw new Error('An in-memory database cannot be read from another connection');
  const conn = openConnection(path);
  conn.pragma('query_only = ON');
  const read = sqliteHandle(conn);
  const version = conn.prepare('PRAGMA data_version').pluck();
  return {
    dialect: 'sqlite',
    read,
    replica: read,
    readRaw: conn,
    statements: { count: 0 },
    path,
    ping: async () => void conn.prepare('SELECT 1').get(),
    replicaStatus: async () => 'none',
    exclusively: (fn) => fn(),
    backgroundReader: () => ({ db: read, close: () => undefined }),
    get generation() {
      return version.get() as number;
    },
    write: () => Promise.reject(new Error('This connection is read-only')),
    drain: async () => undefined,
    close: () => void conn.close(),
  };
}

export function openDatabase(path: string, options: OpenOptions = {}): Database {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const statements = { count: 0 };
  const { countStatements, onStatement } = options;
  const count =
    countStatements || onStatement
      ? (sql: string) => {
          if (countStatements) statements.count++;
          onStatement?.(sql);
        }
      : undefined;
  const writerConn = openConnection(path, count);
  // An in-memory database exists once per connection, so reader and writer must share it.
  const readConn = path === ':memory:' ? writerConn : openConnection(path, count);
  const writer = sqliteHandle(writerConn);
  const read = path === ':memory:' ? writer : sqliteHandle(readConn);
  if (options.migrate !== false) migrate(drizzle(writerConn), { migrationsFolder: MIGRATIONS_FOLDER });
  if (readConn !== writerConn) readConn.pragma('query_only = ON');
  // The writer never sleeps in SQLite's busy handler (that would stall the event loop): `begin()` waits instead.
  writerConn.pragma('busy_timeout = 0');
  const beginImmediate = writerConn.prepare('BEGIN IMMEDIATE');
  // An in-memory database has no other connection to watch.
  const watcher = path === ':memory:' ? { version: () => 0, close: () => undefined } : commitWatcher(path);
  let seenVersion = watcher.version();

  let generation = 0;

  /** Takes the write lock, waiting for other processes' transactions without blocking this process. */
  async function begin(): Promise<void> {
    const deadline = Date.now() + (options.writeLockWaitMs ?? WRITE_LOCK_WAIT_MS);
    for (let delay = 1; ; delay = Math.min(delay * 2, 25)) {
      try {
        beginImmediate.run();
        return;
      } catch (error) {
        if (!isBusy(error)) throw error;
        if (Date.now() >= deadline) throw new DatabaseBusyError();
        await sleep(delay);
      }
    }
  }

  const writes = new WriteQueue(async (body) => {
    await begin();
    try {
      const result = await body();
      writerConn.exec('COMMIT');
      // One step per commit: the watcher saw this one too (and any other one since, which the step covers).
      seenVersion = watcher.version();
      generation++;
      return result;
    } catch (error) {
      if (writerConn.inTransaction) writerConn.exec('ROLLBACK');
      throw error;
    }
  });

  return {
    dialect: 'sqlite',
    read,
    replica: read,
    readRaw: readConn,
    statements,
    path,
    ping: async () => void readConn.prepare('SELECT 1').get(),
    replicaStatus: async () => 'none',
    exclusively: (fn) => fn(),
    backgroundReader() {
      // An in-memory database has only the one connection.
      if (path === ':memory:') return { db: read, close: () => undefined };
      const reader = openReader(path);
      return { db: reader.read, close: () => reader.readRaw.open && reader.close() };
    },
    get generation() {
      if (!writerConn.open) return generation;
      const version = watcher.version();
      if (version !== seenVersion) {
        seenVersion = version;
        generation++;
      }
      return generation;
    },
    write: (fn) => writes.run(() => fn(writer)),
    drain: () => writes.drain(),
    close() {
      void writes.drain();
      if (!writerConn.open) return;
      if (readConn !== writerConn) readConn.close();
      writerConn.close();
      watcher.close();
    },
  };
}

/**
 * Memoises a prepared statement per database handle, so hot read paths
 * build their SQL once: `const byId = prepared((db) => db.select()...prepare())`.
 */
export function prepared<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let p = cache.get(db);
    if (p === undefined) {
      p = build(db);
      cache.set(db, p);
    }
    return p;
  };
}
