import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { databaseEngine, type Engine } from '../../src/db/engine';

/**
 * Which engine this test run uses: TEST_DATABASE is unset (SQLite), `pglite:memory`,
 * or a PostgreSQL server's URL whose database is the migrated template (see global-setup).
 */
export const TEST_DATABASE = process.env.TEST_DATABASE ?? '';
export const testEngine: Engine = TEST_DATABASE ? databaseEngine(TEST_DATABASE) : 'sqlite';
export const onSqlite = testEngine === 'sqlite';

/** The template database one run's PostgreSQL databases are copied from. */
export const templateDatabase = (run: string) => `bangkom_test_${run}_template`;

/**
 * A fresh, migrated database for one test: on SQLite a file in `dir` (or
 * `:memory:` without one), an in-memory PGlite, or a copy of the template on
 * the PostgreSQL server.
 */
export async function freshDatabaseUrl(dir: string | null): Promise<string> {
  if (testEngine === 'sqlite') return dir === null ? ':memory:' : join(dir, 'test.sqlite');
  if (testEngine === 'pglite') return 'pglite:memory';
  return serverDatabase(templateDatabase(runId()));
}

/** On the PostgreSQL server: a database with nothing in it, not even the migrations. */
export const emptyServerDatabaseUrl = () => serverDatabase('template0');

const runId = () => {
  const run = process.env.TEST_RUN_ID;
  if (!run) throw new Error('No PostgreSQL template for this run: global-setup prepares it when TEST_DATABASE or TEST_POSTGRES_URL is a postgres:// URL');
  return run;
};

async function serverDatabase(template: string): Promise<string> {
  const name = `bangkom_test_${runId()}_${randomBytes(6).toString('hex')}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: TEST_DATABASE });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The keys every server process of a test shares: PostgreSQL has no file
 * beside which a process could make them, so each would make its own.
 */
export const serverKeys: Record<string, string> =
  testEngine === 'sqlite'
    ? {}
    : {
        SIGNING_KEY: JSON.stringify({ ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }), kid: 'test-key' }),
        WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
      };
