import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/auth/viewer';
import { createServices } from '../../src/composition/services';
import { loadConfig } from '../../src/config';
import { connectDatabase } from '../../src/db/connect';
import { openDatabase, type Database } from '../../src/db/database';
import { copySqliteToPostgres } from '../../src/db/postgres/copy';
import { seedDemoData } from '../../src/seed/demo';
import { sqliteDataTables } from '../../src/db/tables';
import { sqlRows, sqlRun } from '../support/sql';
import { freshDatabaseUrl, serverKeys, testEngine } from '../support/test-database';

/**
 * The demo database, made on SQLite, copied into PostgreSQL (the run's server,
 * or PGlite): every table row for row, and the copy works as a database.
 */
let dir: string;
let sqlitePath: string;
let target: Database;
let source: Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bangkom-copy-'));
  sqlitePath = join(dir, 'demo.sqlite');
  const config = loadConfig({ DATABASE_URL: sqlitePath, SEED_DEMO: 'true', LOG_LEVEL: 'silent' });
  const db = openDatabase(sqlitePath);
  await seedDemoData({ db, services: createServices(db, config), config, logger: pino({ level: 'silent' }) });
  db.close();
  source = openDatabase(sqlitePath, { migrate: false });
  target = await connectDatabase(testEngine === 'postgres' ? await freshDatabaseUrl(dir) : 'pglite:memory');
}, 120_000);

afterAll(async () => {
  source?.close();
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

const tables = () => sqliteDataTables(source.readRaw);

/** A table's rows in one order both engines agree on (every column, byte-wise text). */
async function rowsOf(db: Database, table: string) {
  const columns = source.readRaw.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table) as string[];
  const rows = await sqlRows(db, `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}" ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`);
  return rows.map((r) => columns.map((c) => (Buffer.isBuffer(r[c]) || r[c] instanceof Uint8Array ? Buffer.from(r[c] as Uint8Array).toString('base64') : r[c])));
}

describe('copying a SQLite database into PostgreSQL', () => {
  it('copies every table row for row, in one transaction, and says how many rows each holds', async () => {
    const progress: string[] = [];
    const copied = await copySqliteToPostgres(new BetterSqlite3(sqlitePath, { readonly: true }), target, (p) => progress.push(p.table));
    expect(copied.map((c) => c.table).sort()).toEqual(tables());
    expect(copied.filter((c) => c.source > 0).length).toBeGreaterThan(10);
    for (const c of copied) expect(c.target).toBe(c.source);
    expect(new Set(progress)).toEqual(new Set(tables()));
    for (const table of tables()) expect(await rowsOf(target, table), table).toEqual(await rowsOf(source, table));
  });

  it('refuses to copy into a database that already holds rows, and changes nothing there', async () => {
    const before = await sqlRows(target, 'SELECT count(*) AS n FROM learners');
    await expect(copySqliteToPostgres(new BetterSqlite3(sqlitePath, { readonly: true }), target)).rejects.toThrow(/not empty: \w+ has \d+ rows/);
    expect(await sqlRows(target, 'SELECT count(*) AS n FROM learners')).toEqual(before);
  });

  it('leaves a working database: new rows number on, triggers are back, a certificate verifies', async () => {
    const services = createServices(target, { ...loadConfig({ DATABASE_URL: 'pglite:memory', ...serverKeys }), databasePath: ':memory:' });
    const [{ max }] = await sqlRows<{ max: number }>(target, 'SELECT max(id) AS max FROM institutions');
    const created = await services.institutions.create(SYSTEM, { code: 'SETELAH-SALIN', name: 'Instansi setelah salin', kind: 'GOVERNMENT_UNIT' });
    expect(created.ok && created.value.id).toBe(max + 1);
    const [{ code, number }] = await sqlRows<{ code: string; number: string }>(target, "SELECT verification_code AS code, number FROM certificates WHERE status = 'VALID' ORDER BY id LIMIT 1");
    expect(await services.certificates.verify(code)).toMatchObject({ valid: true, number });
    await expect(sqlRun(target, "UPDATE curriculum_codes SET owner_id = owner_id WHERE code IN (SELECT code FROM curricula)")).rejects.toThrow(/keeps its owner/);
  });
});
