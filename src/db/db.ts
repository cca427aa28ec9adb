import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema';

export type Schema = typeof schema;
/**
 * A Drizzle handle: reads get the read connection; `write()` callbacks get
 * the writer. Its calls answer at once on SQLite and later on PostgreSQL:
 * await every one.
 */
export type Db = BaseSQLiteDatabase<'sync' | 'async', { changes: number }, Schema>;
