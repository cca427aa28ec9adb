import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { op } from '../support/contract';
import { dataOf, startTestApp, type TestApp } from '../support/app';

/**
 * Another process holds the database's write lock longer than a write waits
 * (shortened here): the write is refused with DATABASE_BUSY, a GraphQL error
 * or a 503 with Retry-After, nothing is written, and the same call then works.
 */
let t: TestApp;
let other: BetterSqlite3.Database;

beforeAll(async () => {
  t = await startTestApp({}, { writeLockWaitMs: 50 });
  other = new BetterSqlite3(t.app.db.path);
});
afterAll(async () => {
  other.close();
  await t.close();
});

const createInstitution = () => t.gql(op('CreateInstitution'), { input: { code: 'SIBUK', name: 'Instansi Sibuk', kind: 'GOVERNMENT_UNIT' } });
const exportHours = () =>
  fetch(t.url.replace(/\/graphql$/, '/exports/institutions/SIBUK/learning-hours.csv?year=2025'), { headers: { authorization: `Bearer ${t.adminToken}` } });

describe('a write while another process holds the write lock', () => {
  it('answers DATABASE_BUSY with nothing written, and succeeds once the lock is released', async () => {
    other.exec('BEGIN IMMEDIATE');
    const refused = await createInstitution();
    other.exec('ROLLBACK');
    expect(refused.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'DATABASE_BUSY' }) })]);
    expect(JSON.stringify(refused)).not.toMatch(/SQLITE|BEGIN|stack/i);
    expect(dataOf(await t.gql('{ institution(code: "SIBUK") { code } }')).institution).toBeNull();
    expect(dataOf(await createInstitution()).createInstitution.userErrors).toEqual([]);
  });

  it('answers an export (which audits) with 503 and Retry-After, then the file', async () => {
    other.exec('BEGIN IMMEDIATE');
    const refused = await exportHours();
    other.exec('ROLLBACK');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'DATABASE_BUSY' } }] });
    const ok = await exportHours();
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('NIP');
  });
});
