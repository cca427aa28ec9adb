import { LRUCache } from 'lru-cache';
import type { Db } from './db';
import { driverOf, type Statement } from './statement';

type Value = string | number | null;

const MAX_VARIABLES = 30_000;
/**
 * Statements kept per connection, by approximate size: a prepared INSERT
 * holds about 90 bytes a parameter besides its text (measured on SQLite: 200
 * statements of 7,000 parameters took 133 MB), and each row count of a last
 * chunk is a statement of its own.
 */
const STATEMENT_BYTES = 32 * 1024 * 1024;
const statementBytes = (text: string, parameters: number) => 2 * text.length + 96 * parameters;
const cache = new WeakMap<Db, LRUCache<string, Statement<Value[], unknown>>>();

/**
 * A multi-row INSERT with a prepared statement per shape, for batches of
 * tens of thousands of rows: the query builder's cost grows with every value,
 * this one's does not. Values must already be in storage form (Date as ms).
 * `tail` is appended verbatim (ON CONFLICT ..., RETURNING ...); returned rows
 * keep their column names.
 */
export async function bulkInsert<R = Record<string, Value>>(tx: Db, table: string, columns: string[], rows: Value[][], tail = ''): Promise<R[]> {
  let statements = cache.get(tx);
  if (!statements) cache.set(tx, (statements = new LRUCache({ maxSize: STATEMENT_BYTES })));
  const perChunk = Math.max(1, Math.min(1_000, Math.floor(MAX_VARIABLES / columns.length)));
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const returning = /\bRETURNING\b/i.test(tail);
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const text = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${Array(chunk.length).fill(tuple).join(',')} ${tail}`;
    const params = chunk.flat();
    let statement = statements.get(text);
    if (!statement) statements.set(text, (statement = driverOf(tx).prepare<Value[], unknown>(text)), { size: statementBytes(text, params.length) });
    if (returning) out.push(...((await statement.all(...params)) as R[]));
    else await statement.run(...params);
  }
  return out;
}

/** Splits a list for multi-row statements that stay under SQLite's variable limit. */
export function chunked<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
