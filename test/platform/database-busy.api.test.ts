import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { op } from '../support/contract';
import { WRITE_LOCK } from '../../src/db/postgres/open';
import { dataOf, startTestApp, type TestApp } from '../support/app';
import { testEngine } from '../support/test-database';

/**
 * Another process holds the database's write lock longer than a write waits
 * (shortened here): the write is refused with DATABASE_BUSY, a GraphQL error
 * or a 503 with Retry-After, nothing is written, and the same call then works.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({}, { writeLockWaitMs: 50 });
});
afterAll(() => t.close());

/** Another connection takes the write lock (SQLite's file lock, or the cluster-wide advisory lock) until released. */
async function holdWriteLock(): Promise<() => Promise<void>> {
  if (testEngine === 'sqlite') {
    const other = new BetterSqlite3(t.app.db.path);
    other.exec('BEGIN IMMEDIATE');
    return async () => {
      other.exec('ROLLBACK');
      other.close();
    };
  }
  const { default: pg } = await import('pg');
  const other = new pg.Client({ connectionString: t.app.config.DATABASE_URL });
  await other.connect();
  await other.query('BEGIN');
  await other.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
  return async () => {
    await other.query('ROLLBACK');
    await other.end();
  };
}

const createInstitution = () => t.gql(op('CreateInstitution'), { input: { code: 'SIBUK', name: 'Instansi Sibuk', kind: 'GOVERNMENT_UNIT' } });
const exportHours = () =>
  fetch(t.url.replace(/\/graphql$/, '/exports/institutions/SIBUK/learning-hours.csv?year=2025'), { headers: { authorization: `Bearer ${t.adminToken}` } });

// PGlite has one connection: no other one can hold a lock against it.
describe.skipIf(testEngine === 'pglite')('a write while another process holds the write lock', () => {
  it('answers DATABASE_BUSY with nothing written, and succeeds once the lock is released', async () => {
    const release = await holdWriteLock();
    const refused = await createInstitution();
    await release();
    expect(refused.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'DATABASE_BUSY' }) })]);
    expect(JSON.stringify(refused)).not.toMatch(/SQLITE|BEGIN|advisory|stack/i);
    expect(dataOf(await t.gql('{ institution(code: "SIBUK") { code } }')).institution).toBeNull();
    expect(dataOf(await createInstitution()).createInstitution.userErrors).toEqual([]);
  });

  it('answers an export (which audits) with 503 and Retry-After, then the file', async () => {
    const release = await holdWriteLock();
    const refused = await exportHours();
    await release();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'DATABASE_BUSY' } }] });
    const ok = await exportHours();
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('NIP');
  });
});
