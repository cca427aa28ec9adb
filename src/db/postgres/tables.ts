import { getTableColumns, is, SQL, sql, type Column } from 'drizzle-orm';
import {
  bigint,
  customType,
  doublePrecision,
  foreignKey,
  index,
  integer as pgInteger,
  pgTable,
  primaryKey,
  unique,
  uniqueIndex,
  type PgColumn,
  type PgColumnBuilderBase,
  type PgTable,
} from 'drizzle-orm/pg-core';
import { getTableConfig, SQLiteSyncDialect, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import * as schema from '../schema';

/**
 * The PostgreSQL tables, derived from the one schema definition in
 * `src/db/schema/` (SQLite's): same names, columns, keys and indexes, stored
 * the way SQLite stores them (times as epoch milliseconds, booleans as 0/1,
 * JSON as text), so the same queries and mappers serve both engines. Text
 * compares byte-wise (`COLLATE "C"`), as SQLite's BINARY does, whatever the
 * database's locale. drizzle-kit reads this module to write `drizzle-pg/`.
 */
const textC = customType<{ data: string; driverData: string }>({ dataType: () => 'text COLLATE "C"' });
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

const sqlite = new SQLiteSyncDialect();
const sqlText = (value: SQL) => sqlite.sqlToQuery(value).sql;

/** SQLite default expressions and their PostgreSQL twins; any other one fails the derivation loudly. */
const DEFAULTS: Record<string, string> = {
  "(unixepoch('subsec') * 1000)": '(floor(extract(epoch from clock_timestamp()) * 1000))::bigint',
  "('evt_' || printf('%012x', CAST(unixepoch('subsec') * 1000 AS INTEGER)) || lower(hex(randomblob(10))))":
    "('evt_' || lpad(to_hex((floor(extract(epoch from clock_timestamp()) * 1000))::bigint), 12, '0') || substr(replace(gen_random_uuid()::text, '-', ''), 1, 20))",
  '1': '1',
};

function pgDefault(value: unknown): SQL | number | string {
  if (is(value, SQL)) {
    const text = sqlText(value);
    const twin = DEFAULTS[text];
    if (twin === undefined) throw new Error(`No PostgreSQL twin for the SQLite default ${text}`);
    return sql.raw(twin);
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'string') return value;
  throw new Error(`Unsupported default ${String(value)}`);
}

function pgColumn(column: SQLiteColumn, singleIntegerKey: boolean): PgColumnBuilderBase {
  const name = column.name;
  let builder;
  switch (column.columnType) {
    case 'SQLiteInteger':
    case 'SQLiteTimestamp':
      builder = bigint(name, { mode: 'number' });
      break;
    case 'SQLiteBoolean':
      builder = pgInteger(name);
      break;
    case 'SQLiteText':
    case 'SQLiteTextJson':
      builder = textC(name);
      break;
    case 'SQLiteReal':
      builder = doublePrecision(name);
      break;
    case 'SQLiteBlobBuffer':
      builder = bytea(name);
      break;
    default:
      throw new Error(`No PostgreSQL column for ${column.columnType} (${name})`);
  }
  if (column.primary) {
    builder = builder.primaryKey();
    // SQLite's INTEGER PRIMARY KEY numbers new rows itself; PostgreSQL's identity does the same.
    if (singleIntegerKey && 'generatedByDefaultAsIdentity' in builder) builder = (builder as ReturnType<typeof bigint>).generatedByDefaultAsIdentity();
  }
  if (column.notNull && !column.primary) builder = builder.notNull();
  if (column.hasDefault && column.default !== undefined) builder = builder.default(pgDefault(column.default) as SQL);
  return builder;
}

const derived = new Map<SQLiteTable, PgTable>();

function pgTwin(table: SQLiteTable): PgTable {
  const found = derived.get(table);
  if (found) return found;
  const config = getTableConfig(table);
  const keyOf = new Map<Column, string>(Object.entries(getTableColumns(table)).map(([key, column]) => [column, key]));
  const columns = Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, column]) => [key, pgColumn(column as SQLiteColumn, column.primary && column.columnType === 'SQLiteInteger')]),
  );
  const twin = pgTable(config.name, columns, (t) => {
    const own = (c: Column) => t[keyOf.get(c)!] as PgColumn;
    const other = (c: Column) => {
      const target = pgTwin(c.table as SQLiteTable);
      const key = Object.entries(getTableColumns(c.table as SQLiteTable)).find(([, col]) => col === c)![0];
      return (target as unknown as Record<string, PgColumn>)[key];
    };
    const pairs = <T>(cols: T[]) => cols as unknown as [PgColumn, ...PgColumn[]];
    return [
      ...config.primaryKeys.map((pk) => primaryKey({ name: pk.getName(), columns: pairs(pk.columns.map(own)) })),
      ...config.uniqueConstraints.map((u) => unique(u.name).on(...pairs(u.columns.map(own)))),
      ...config.indexes.map(({ config: ix }) => {
        // An expression (`lower(code)`, `assessed_at DESC`) keeps its SQL: it names columns only.
        const cols = pairs(ix.columns.map((c) => (is(c, SQL) ? c : own(c as Column))));
        const built = (ix.unique ? uniqueIndex(ix.name) : index(ix.name)).on(...cols);
        return ix.where ? built.where(ix.where) : built;
      }),
      ...config.foreignKeys.map((fk) => {
        const ref = fk.reference();
        const built = foreignKey({ name: fk.getName(), columns: pairs(ref.columns.map(own)), foreignColumns: pairs(ref.foreignColumns.map(other)) });
        return fk.onDelete ? built.onDelete(fk.onDelete) : built;
      }),
    ];
  });
  derived.set(table, twin);
  return twin;
}

export const pgTables: Record<string, PgTable> = Object.fromEntries(
  Object.entries(schema)
    .filter(([, value]) => is(value, SQLiteTable))
    .map(([key, table]) => [key, pgTwin(table as SQLiteTable)]),
);
