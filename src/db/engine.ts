/** SQLite (a file or `:memory:`), a PostgreSQL server (`postgres://`), or PostgreSQL in this process (`pglite:` [directory]). */
export type Engine = 'sqlite' | 'postgres' | 'pglite';

export function databaseEngine(url: string): Engine {
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  if (url.startsWith('pglite:')) return 'pglite';
  return 'sqlite';
}

/**
 * The SQLite file DATABASE_URL names (a plain path, a `file:` URL or
 * `:memory:`); `:memory:` for the PostgreSQL engines, which keep no file
 * beside which keys could be made.
 */
export function databasePath(url: string): string {
  if (databaseEngine(url) !== 'sqlite') return ':memory:';
  if (url === ':memory:' || url === 'file::memory:') return ':memory:';
  if (url.startsWith('file://')) return new URL(url).pathname;
  if (url.startsWith('file:')) return url.slice('file:'.length);
  return url;
}

/** The URL without its password, for logs and messages. */
export function redactedUrl(url: string): string {
  if (databaseEngine(url) !== 'postgres') return url;
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
