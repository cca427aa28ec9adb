import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { packageRoot } from '../../core/package-root';
import type { Database, OpenOptions } from '../database';
import { DatabaseBusyError, WRITE_LOCK_WAIT_MS } from '../errors';
import { WriteQueue } from '../write-queue';
import type { Backend } from './backend';
import { postgresHandle, type Query } from './handle';
import { replicaOrPrimary } from './replica';

export const PG_MIGRATIONS_FOLDER = join(packageRoot(), 'drizzle-pg');
/** Every node's writes take this one transaction-level advisory lock: one writer at a time across the cluster, as SQLite has. */
export const WRITE_LOCK = 0x62616e67; // 'bang'
/** Migrations and the first-run seed: one node does them while the others wait. */
export const SETUP_LOCK = 0x73657475; // 'setu'
/** Every commit notifies it, so other nodes' caches know a write happened. */
const COMMITS = 'bangkom_commits';
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Applies `drizzle-pg/` under an advisory lock, in one transaction: nodes
 * that start together migrate once. Same bookkeeping table as Drizzle's own
 * migrator, so drizzle-kit sees the same history.
 */
export async function migratePostgres(backend: Backend): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder: PG_MIGRATIONS_FOLDER });
  await backend.withConnection(async (q) => {
    await q('BEGIN', [], 'object');
    try {
      await q('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK], 'object');
      await q('CREATE SCHEMA IF NOT EXISTS drizzle', [], 'object');
      await q('CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)', [], 'object');
      const last = (await q('SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1', [], 'object')).rows[0] as { created_at: number } | undefined;
      for (const migration of migrations) {
        if (last && Number(last.created_at) >= migration.folderMillis) continue;
        for (const statement of migration.sql) if (statement.trim()) await q(statement, [], 'object');
        await q('INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)', [migration.hash, migration.folderMillis], 'object');
      }
      await q('COMMIT', [], 'object');
    } catch (error) {
      await q('ROLLBACK', [], 'object');
      throw error;
    }
  });
}

/** The `Database` on PostgreSQL: the same handle shape and write discipline as SQLite's, across any number of nodes. */
export async function openPostgres(backend: Backend, options: OpenOptions & { replica?: Backend } = {}): Promise<Database> {
  if (options.migrate !== false) await migratePostgres(backend);
  const statements = { count: 0 };
  const counted = (query: Query): Query =>
    options.countStatements || options.onStatement
      ? (text, params, rowMode) => {
          if (options.countStatements) statements.count++;
          options.onStatement?.(text, params);
          return query(text, params, rowMode);
        }
      : query;
  const read = postgresHandle(counted(backend.query));
  const replica = options.replica ? postgresHandle(counted(replicaOrPrimary(options.replica.query, backend.query))) : read;
  let current: Query | null = null;
  const writer = postgresHandle(counted((text, params, rowMode) => (current ? current(text, params, rowMode) : Promise.reject(new Error('The writer is used outside write()')))));

  let generation = 0;
  let listening = true;
  // Its own commits it counts at COMMIT; the notifications it hears are the other nodes'.
  const self = randomUUID();
  await backend.listen(COMMITS, {
    notify: (from) => from !== self && generation++,
    // Deaf, it cannot know of other nodes' commits: every look is a new generation, so nothing is cached until it hears again.
    listening: (on) => {
      listening = on;
      generation++;
    },
  });

  const writes = new WriteQueue((body) =>
    backend.withConnection(async (q) => {
      await q('BEGIN', [], 'object');
      try {
        await q(`SET LOCAL lock_timeout = ${Math.max(1, options.writeLockWaitMs ?? WRITE_LOCK_WAIT_MS)}`, [], 'object');
        try {
          await q('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK], 'object');
        } catch (error) {
          throw (error as { code?: string }).code === LOCK_NOT_AVAILABLE ? new DatabaseBusyError() : error;
        }
        await q('SET LOCAL lock_timeout = 0', [], 'object');
        current = q;
        const result = await body();
        await q(`SELECT pg_notify('${COMMITS}', $1)`, [self], 'object');
        await q('COMMIT', [], 'object');
        generation++;
        return result;
      } catch (error) {
        await q('ROLLBACK', [], 'object').catch(() => undefined);
        throw error;
      } finally {
        current = null;
      }
    }),
  );

  let closed = false;
  return {
    dialect: 'postgres',
    read,
    replica,
    get readRaw(): never {
      throw new Error('PostgreSQL has no SQLite connection');
    },
    statements,
    // No file: what services keep beside a SQLite file (generated keys, demo tokens) they keep in memory, as for :memory:.
    path: ':memory:',
    get generation() {
      return listening ? generation : ++generation;
    },
    ping: async () => void (await backend.query('SELECT 1', [], 'object')),
    replicaStatus: async () =>
      options.replica
        ? options.replica.query('SELECT 1', [], 'object').then(
            () => 'ok' as const,
            () => 'unreachable' as const,
          )
        : 'none',
    exclusively: (fn) =>
      backend.withConnection(async (q) => {
        await q('SELECT pg_advisory_lock($1)', [SETUP_LOCK], 'object');
        try {
          return await fn();
        } finally {
          await q('SELECT pg_advisory_unlock($1)', [SETUP_LOCK], 'object');
        }
      }),
    // Its statements go uncounted, on the same pool.
    backgroundReader: () => ({ db: postgresHandle(backend.query), close: () => undefined }),
    write: (fn) => writes.run(() => fn(writer)),
    drain: () => writes.drain(),
    async close() {
      if (closed) return;
      closed = true;
      await writes.drain().catch(() => undefined);
      await Promise.all([backend.end(), options.replica?.end()]);
    },
  };
}
