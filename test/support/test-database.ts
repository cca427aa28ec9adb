import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { databaseEngine, type Engine } from '../../src/db/engine';

/**
 * Which engine this test run uses: TEST_DATABASE is unset (SQLite), `pglite:memory`,
 * or a PostgreSQL server's URL whose database is the migrated template (see global-setup).
 */
export const TEST_DATABASE = process.env.TEST_DATABASE ?? '';
export const testEngine: Engine = TEST_DATABASE ? databaseEngine(TEST_DATABASE) : 'sqlite';
export const onSqlite = testEngine === 'sqlite';

/** Names the template database the suite's PostgreSQL databases are copied from. */
export const TEMPLATE_DATABASE = 'bangkom_test_template';

/**
 * A fresh, migrated database for one test: on SQLite a file in `dir` (or
 * `:memory:` without one), an in-memory PGlite, or a copy of the template on
 * the PostgreSQL server.
 */
export async function freshDatabaseUrl(dir: string | null): Promise<string> {
  if (testEngine === 'sqlite') return dir === null ? ':memory:' : join(dir, 'test.sqlite');
  if (testEngine === 'pglite') return 'pglite:memory';
  const name = `bangkom_test_${randomBytes(6).toString('hex')}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: TEST_DATABASE });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE);
  url.pathname = `/${name}`;
  return url.toString();
}
