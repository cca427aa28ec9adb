import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * `column` contains `text`, ignoring case, its LIKE wildcards taken
 * literally. Reads every row it filters: for small tables only (series,
 * positions); learners are searched through their trigram index.
 */
export function contains(column: SQLiteColumn, text: string): SQL {
  const pattern = `%${text.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`lower(${column}) LIKE ${pattern} ESCAPE '\\'`;
}
