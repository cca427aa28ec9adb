import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/connect';
import type { Database } from '../../src/db/database';
import { LISTENER_NAME } from '../../src/db/postgres/backend';
import { sqlRows, sqlRun } from '../support/sql';
import { freshDatabaseUrl, testEngine } from '../support/test-database';

async function waitFor(condition: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Each node LISTENs for the others' commits to drop its caches. When the
 * server drops that connection (a restart, a failover), the node must neither
 * crash nor go on serving caches it can no longer know are stale.
 */
describe.skipIf(testEngine !== 'postgres')('the commit listener when the server drops it', () => {
  let a: Database;
  let b: Database;
  let n = 0;
  const commitOn = (db: Database) => sqlRun(db, `INSERT INTO institutions (code, name, kind, path) VALUES (?, 'Listener test', 'GOVERNMENT_UNIT', '/x/')`, `LISTEN-${++n}`);
  const deaf = (db: Database) => db.generation !== db.generation;

  beforeAll(async () => {
    const url = await freshDatabaseUrl(null);
    [a, b] = [await connectDatabase(url, { poolSize: 2 }), await connectDatabase(url, { poolSize: 2 })];
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('hears another node commit, then, cut off, caches nothing, and listens again', async () => {
    const before = a.generation;
    await commitOn(b);
    await waitFor(() => a.generation > before);

    const cut = await sqlRows<{ cut: boolean }>(
      a,
      `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()`,
      LISTENER_NAME,
    );
    expect(cut).toEqual([{ cut: true }, { cut: true }]);
    await waitFor(() => deaf(a));

    await waitFor(() => !deaf(a) && !deaf(b));
    const again = a.generation;
    await commitOn(b);
    await waitFor(() => a.generation > again);
  });
});
