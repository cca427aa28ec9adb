import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from './db';
import type { Dialect } from './portable';

/** A hand-written statement, prepared once per connection; `?` placeholders, bound in order. */
export interface Statement<P extends unknown[] = unknown[], R = Record<string, unknown>> {
  all(...params: P): Promise<R[]>;
  get(...params: P): Promise<R | undefined>;
  run(...params: P): Promise<{ changes: number }>;
}

/** What one engine's connection can do beneath Drizzle: hand-written statements. */
export interface Driver {
  readonly dialect: Dialect;
  prepare<P extends unknown[], R>(text: string): Statement<P, R>;
}

const drivers = new WeakMap<object, Driver>();

/** Records which driver serves a Drizzle handle (done once, where the handle is opened). */
export function registerDriver(db: Db, driver: Driver): void {
  drivers.set(db, driver);
}

export function driverOf(db: Db): Driver {
  const driver = drivers.get(db);
  if (!driver) throw new Error('This Drizzle handle was not opened through src/db');
  return driver;
}

/** better-sqlite3 answers at once; the promise only gives both engines one shape. */
export function sqliteDriver(client: BetterSqlite3.Database): Driver {
  return {
    dialect: 'sqlite',
    prepare<P extends unknown[], R>(text: string): Statement<P, R> {
      const s = client.prepare<P, R>(text);
      return {
        all: async (...params) => s.all(...params),
        get: async (...params) => s.get(...params),
        run: async (...params) => ({ changes: s.run(...params).changes }),
      };
    },
  };
}

/**
 * A hand-written statement prepared once per connection:
 * `const byCode = statement<[string], Row>('SELECT ... WHERE code = ?')` then
 * `await byCode(db).all(code)`. Where the engines differ, pass a function of
 * the dialect that writes the text.
 */
export function statement<P extends unknown[], R = Record<string, unknown>>(text: string | ((dialect: Dialect) => string)): (db: Db) => Statement<P, R> {
  const cache = new WeakMap<Db, Statement<P, R>>();
  return (db) => {
    let s = cache.get(db);
    if (!s) {
      const driver = driverOf(db);
      cache.set(db, (s = driver.prepare<P, R>(typeof text === 'string' ? text : text(driver.dialect))));
    }
    return s;
  };
}
