import type BetterSqlite3 from 'better-sqlite3';
import { statement } from './statement';

/** SQLite's data tables: not its own, Drizzle's bookkeeping, nor the FTS index's (learner_search and its shadows). */
const SQLITE_DATA_TABLES = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' AND name NOT LIKE 'learner_search%' ORDER BY name`;

/** The data tables of a database, by name, on either engine (PostgreSQL's learner_search is a view, not a table). */
export const dataTables = statement<[], { name: string }>((dialect) =>
  dialect === 'sqlite'
    ? SQLITE_DATA_TABLES
    : `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT LIKE '__drizzle%' ORDER BY tablename COLLATE "C"`,
);

/** The data tables of a SQLite connection opened outside `src/db` (a file being copied, a test's raw handle). */
export const sqliteDataTables = (connection: BetterSqlite3.Database): string[] => connection.prepare(SQLITE_DATA_TABLES).pluck().all() as string[];
