import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database';
import { connectDatabase } from '../../src/db/connect';
import { sqliteDataTables } from '../../src/db/tables';

type Shape = Record<string, { columns: string[]; notNull: string[]; primaryKey: string[]; indexes: string[] }>;

/** Each table's columns, NOT NULL columns, primary key and named indexes, as the migrated SQLite file has them. */
function sqliteShape(db: Database): Shape {
  const raw = db.readRaw;
  const tables = sqliteDataTables(raw);
  return Object.fromEntries(
    tables.map((table) => {
      const info = raw.prepare(`SELECT name, "notnull", pk FROM pragma_table_info(?)`).all(table) as { name: string; notnull: number; pk: number }[];
      const indexes = raw.prepare(`SELECT name FROM pragma_index_list(?) WHERE origin = 'c'`).pluck().all(table) as string[];
      return [
        table,
        {
          columns: info.map((c) => c.name).sort(),
          // SQLite lets an INTEGER PRIMARY KEY be declared without NOT NULL; it is never null all the same.
          notNull: info.filter((c) => c.notnull || c.pk).map((c) => c.name).sort(),
          primaryKey: info.filter((c) => c.pk).sort((a, b) => a.pk - b.pk).map((c) => c.name),
          indexes: indexes.sort(),
        },
      ];
    }),
  );
}

async function postgresShape(db: Database): Promise<Shape> {
  const q = (text: string) => db.read.all<Record<string, string>>(sqlText(text));
  const columns = await q(`SELECT table_name AS t, column_name AS c, is_nullable AS n FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'learner_search' ORDER BY ordinal_position`);
  const keys = await q(
    `SELECT tc.table_name AS t, k.column_name AS c FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name)
     WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public' ORDER BY k.ordinal_position`,
  );
  const indexes = await q(`SELECT tablename AS t, indexname AS i FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_trgm_idx' AND indexname NOT IN (SELECT conname FROM pg_constraint)`);
  const shape: Shape = {};
  for (const { t, c, n } of columns) {
    shape[t] ??= { columns: [], notNull: [], primaryKey: [], indexes: [] };
    shape[t].columns.push(c);
    if (n === 'NO') shape[t].notNull.push(c);
  }
  for (const { t, c } of keys) shape[t].primaryKey.push(c);
  for (const { t, i } of indexes) shape[t].indexes.push(i);
  for (const s of Object.values(shape)) {
    s.columns.sort();
    s.notNull.sort();
    s.indexes.sort();
  }
  return shape;
}

import { sql } from 'drizzle-orm';
const sqlText = (text: string) => sql.raw(text);

describe('one schema, two engines', () => {
  let sqlite: Database;
  let postgres: Database;
  beforeAll(async () => {
    sqlite = openDatabase(':memory:');
    postgres = await connectDatabase('pglite:memory');
  }, 60_000);
  afterAll(() => {
    sqlite.close();
    postgres.close();
  });

  it('migrates both to the same tables, columns, NOT NULLs, primary keys and indexes', async () => {
    const expected = sqliteShape(sqlite);
    expect(Object.keys(expected).length).toBeGreaterThan(30);
    expect(await postgresShape(postgres)).toEqual(expected);
  });
});
