import { sql } from 'drizzle-orm';
import { integer } from 'drizzle-orm/sqlite-core';

/** Milliseconds since the epoch, UTC; read back as Date. */
export const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' });

export const createdAt = () =>
  timestamp('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`);

/** Raised by one at every committed change of the row's own fields; updates may send the one they read (`expectedRevision`). */
export const revision = () => integer('revision').notNull().default(1);

export const timestamps = () => ({
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
});
