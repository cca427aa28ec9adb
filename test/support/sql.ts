import type { Database } from '../../src/db/database';
import { statement } from '../../src/db/statement';

/**
 * Hand-written SQL in tests, on whichever engine the run uses: `?`
 * placeholders, bound in order. Write only SQL both engines speak.
 */
export const sqlRows = <R = Record<string, unknown>>(db: Database, text: string, ...params: unknown[]): Promise<R[]> =>
  statement<unknown[], R>(text)(db.read).all(...params);

export const sqlRow = async <R = Record<string, unknown>>(db: Database, text: string, ...params: unknown[]): Promise<R | undefined> =>
  statement<unknown[], R>(text)(db.read).get(...params);

/** A number the query answers in its first column named `n`: `SELECT count(*) AS n ...`. */
export const sqlCount = async (db: Database, text: string, ...params: unknown[]): Promise<number> =>
  Number((await sqlRow<{ n: number }>(db, text, ...params))?.n);

/** Changes rows in a transaction of its own, as a test's setup or as another writer would. */
export const sqlRun = (db: Database, text: string, ...params: unknown[]): Promise<{ changes: number }> =>
  db.write((tx) => statement<unknown[], never>(text)(tx).run(...params));
