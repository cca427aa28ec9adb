import { connectDatabase } from '../../src/db/connect';
import { randomBytes } from 'node:crypto';
import { templateDatabase } from './test-database';

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function admin<T>(url: string, fn: (query: (text: string) => Promise<{ rows: Record<string, string>[] }>) => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn((text) => client.query(text));
  } finally {
    await client.end();
  }
}

async function dropTestDatabases(url: string, run: string): Promise<void> {
  await admin(url, async (q) => {
    const { rows } = await q(`SELECT datname FROM pg_database WHERE datname LIKE 'bangkom_test_${run}_%'`);
    for (const { datname } of rows) await q(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  });
}

/**
 * On a PostgreSQL server (TEST_DATABASE): a migrated template database that
 * each test's database is copied from, and, after the run, no test database left.
 */
export async function preparePostgresTemplate(url: string): Promise<() => Promise<void>> {
  // Runs at the same time on one server keep to their own databases; the test processes inherit the name.
  const run = randomBytes(4).toString('hex');
  process.env.TEST_RUN_ID = run;
  const TEMPLATE_DATABASE = templateDatabase(run);
  // C collation, as the columns declare: the server's own locale then never matters.
  await admin(url, (q) => q(`CREATE DATABASE ${TEMPLATE_DATABASE} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`));
  const db = await connectDatabase(withDatabase(url, TEMPLATE_DATABASE), { poolSize: 2 });
  // A template must have no connection when it is copied.
  await db.close();
  return () => dropTestDatabases(url, run);
}
