import { asc, desc, getTableName, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './database';
import { jsonValues } from './portable';

type Order = { column: SQLiteColumn; direction: 'asc' | 'desc' };
type Prepared = { all(params: { keys: string }): unknown[] | Promise<unknown[]> };

/**
 * `column IN (the JSON list bound as 'keys')`: one prepared statement serves
 * any number of keys. Bind with `{ keys: JSON.stringify(list) }`.
 */
export const inKeys = (column: SQLiteColumn) => sql`${column} IN (${jsonValues(sql.placeholder('keys'), column.columnType === 'SQLiteText' ? 'text' : 'integer')})`;

const cache = new WeakMap<Db, Map<string, Prepared>>();

/**
 * Rows whose `column` is one of `keys`, for DataLoader batches. The keys go in
 * as one JSON parameter, so one statement, built and prepared once per
 * connection, serves every batch size (the query builder's cost and SQLite's
 * prepare are paid once, not per request).
 */
export async function selectByKeys<T extends SQLiteTable>(
  db: Db,
  table: T,
  column: SQLiteColumn,
  keys: readonly (string | number)[],
  order?: Order,
): Promise<T['$inferSelect'][]> {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  const id = `${getTableName(table)}.${column.name}.${order ? `${order.column.name}.${order.direction}` : ''}`;
  let statement = statements.get(id);
  if (!statement) {
    const query = db
      .select()
      .from(table as SQLiteTable)
      .where(inKeys(column));
    statement = (order ? query.orderBy((order.direction === 'asc' ? asc : desc)(order.column)) : query).prepare() as unknown as Prepared;
    statements.set(id, statement);
  }
  return (await statement.all({ keys: JSON.stringify(keys) })) as T['$inferSelect'][];
}
