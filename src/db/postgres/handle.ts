import { Column, is, Param, SQL, sql } from 'drizzle-orm';
import { SQLiteAsyncDialect, type SQLiteInsertConfig } from 'drizzle-orm/sqlite-core';
import { SQLiteRemoteSession, SqliteRemoteDatabase, type AsyncRemoteCallback, type RemotePreparedQuery } from 'drizzle-orm/sqlite-proxy';
import type { PreparedQueryConfig } from 'drizzle-orm/sqlite-core';
import { createTableRelationsHelpers, extractTablesRelationalConfig } from 'drizzle-orm';
import type { Db, Schema } from '../db';
import * as schema from '../schema';
import { registerDriver, type Driver, type Statement } from '../statement';
import { renderingFor } from '../portable';
import { numberPlaceholders } from './placeholders';

/** One statement on a PostgreSQL connection: rows as arrays (Drizzle maps them by position) or as objects. */
export type Query = (text: string, params: unknown[], rowMode: 'array' | 'object') => Promise<{ rows: unknown[]; rowCount: number }>;

/**
 * SQLite's dialect writes a column the insert leaves out as its default
 * expression, or NULL; PostgreSQL keeps its own column defaults (identity
 * numbering among them), so such a column is written as DEFAULT.
 */
class PostgresCompatibleDialect extends SQLiteAsyncDialect {
  override buildInsertQuery(config: SQLiteInsertConfig): SQL {
    if (!config.select && Array.isArray(config.values)) {
      const columns = Object.entries(config.table[Symbol.for('drizzle:Columns') as never] as Record<string, { defaultFn?: unknown; onUpdateFn?: unknown }>);
      config = {
        ...config,
        values: (config.values as Record<string, unknown>[]).map((row) => {
          const filled = { ...row };
          for (const [key, column] of columns) {
            const value = row[key];
            const missing = value === undefined || (is(value, Param) && value.value === undefined);
            if (missing && column.defaultFn === undefined && column.onUpdateFn === undefined) filled[key] = sql.raw('default');
          }
          return filled;
        }) as SQLiteInsertConfig['values'],
      };
    }
    if (config.onConflict) config = { ...config, onConflict: config.onConflict.map(bareConflictTarget) };
    return super.buildInsertQuery(config);
  }

  override sqlToQuery(query: SQL, invokeSource?: 'indexes' | undefined) {
    return renderingFor('postgres', () => super.sqlToQuery(query, invokeSource));
  }
}

/**
 * `ON CONFLICT ("t"."a", "t"."b")` is SQLite's; PostgreSQL takes only bare
 * column names there. The builder puts the target second: ` on conflict `, target, ...
 */
function bareConflictTarget(clause: SQL): SQL {
  const [head, target, ...rest] = clause.queryChunks;
  if (!is(target, SQL)) return clause;
  const bare = target.queryChunks.map((chunk) => (Array.isArray(chunk) ? chunk.map((c) => (is(c, Column) ? sql.identifier(c.name) : c)) : chunk));
  return new SQL([head, new SQL(bare as SQL['queryChunks']), ...rest]);
}

/** Rows as Drizzle's remote SQLite session expects them: arrays for mapped queries, objects for raw `db.all(sql)`. */
class PostgresSession extends SQLiteRemoteSession<Record<string, unknown>, never> {
  constructor(
    private readonly query: Query,
    dialect: SQLiteAsyncDialect,
    relations: ConstructorParameters<typeof SQLiteRemoteSession>[2],
  ) {
    super((() => undefined) as unknown as AsyncRemoteCallback, dialect, relations as never);
  }

  override prepareQuery<T extends Omit<PreparedQueryConfig, 'run'>>(...args: Parameters<SQLiteRemoteSession<Record<string, unknown>, never>['prepareQuery']>): RemotePreparedQuery<T> {
    const [, fields, , , customResultMapper] = args;
    const rowMode = fields || customResultMapper ? 'array' : 'object';
    const prepared = super.prepareQuery<T>(...args);
    (prepared as unknown as { client: AsyncRemoteCallback }).client = async (text, params, method) => {
      const result = await this.query(numberPlaceholders(text), params, method === 'values' ? 'array' : rowMode);
      if (method === 'get') return { rows: result.rows[0] as never };
      if (method === 'run') return { rows: [], changes: result.rowCount } as never;
      return { rows: result.rows as never };
    };
    return prepared;
  }
}

/** A Drizzle handle over a PostgreSQL connection: the same query builder and tables as SQLite's. */
export function postgresHandle(query: Query): Db {
  const dialect = new PostgresCompatibleDialect();
  const tables = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
  const relations = { fullSchema: schema, schema: tables.tables, tableNamesMap: tables.tableNamesMap };
  const session = new PostgresSession(query, dialect, relations as never);
  const db = new SqliteRemoteDatabase('async', dialect, session as never, relations as never) as unknown as Db;
  registerDriver(db, postgresDriver(query));
  return db;
}

function postgresDriver(query: Query): Driver {
  return {
    dialect: 'postgres',
    prepare<P extends unknown[], R>(text: string): Statement<P, R> {
      const numbered = numberPlaceholders(text);
      return {
        all: async (...params) => (await query(numbered, params, 'object')).rows as R[],
        get: async (...params) => (await query(numbered, params, 'object')).rows[0] as R | undefined,
        run: async (...params) => ({ changes: (await query(numbered, params, 'object')).rowCount }),
      };
    },
  };
}

export type { Schema };
