import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

export type Dialect = 'sqlite' | 'postgres';

let rendering: Dialect = 'sqlite';

/**
 * Renders `fn` for PostgreSQL: `portable()` fragments inside take their
 * PostgreSQL form. Rendering is synchronous, so a flag around it is enough.
 */
export function renderingFor<T>(dialect: Dialect, fn: () => T): T {
  const previous = rendering;
  rendering = dialect;
  try {
    return fn();
  } finally {
    rendering = previous;
  }
}

class Portable implements SQLWrapper {
  constructor(private readonly forms: Record<Dialect, SQL>) {}
  getSQL(): SQL {
    return this.forms[rendering];
  }
  shouldOmitSQLParens(): boolean {
    return true;
  }
}

/**
 * One piece of SQL written for each engine, for what the two say differently
 * (a JSON list of keys, case-insensitive matching, dates): the query builder
 * takes the form of the engine it renders for.
 */
export const portable = (forms: Record<Dialect, SQL>): SQL => sql`${new Portable(forms)}`;

/** The values of a JSON array bound as one parameter, as a one-column subquery: integers, or text. */
export function jsonValues(list: SQL | SQLWrapper | string | number, type: 'integer' | 'text'): SQL {
  return portable({
    sqlite: sql`SELECT value FROM json_each(${list})`,
    postgres: type === 'integer' ? sql`SELECT value::bigint FROM json_array_elements_text(${list}::json)` : sql`SELECT value FROM json_array_elements_text(${list}::json)`,
  });
}

/** `jsonValues` for hand-written statements: the subquery's text around one `?`. */
export function jsonValuesText(dialect: Dialect, type: 'integer' | 'text'): string {
  if (dialect === 'sqlite') return 'SELECT value FROM json_each(?)';
  return type === 'integer' ? 'SELECT value::bigint FROM json_array_elements_text(?::json)' : 'SELECT value FROM json_array_elements_text(?::json)';
}

/**
 * Keys that can be stored as text on both engines: PostgreSQL holds no NUL
 * and parses no lone surrogate in JSON, so such a key matches no row anyway.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const storableKeys = <T,>(keys: Iterable<T>): T[] =>
  [...keys].filter((k) => typeof k !== 'string' || (!k.includes('\0') && !LONE_SURROGATE.test(k)));

/**
 * Whether a text can be stored at all: PostgreSQL's text never holds NUL (and refuses a
 * parameter with one), and inputs are refused it on every engine, so a key with one names
 * nothing and is not sent.
 */
export const storable = (key: string) => !key.includes('\u0000');
