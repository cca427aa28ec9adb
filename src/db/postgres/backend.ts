import { AppError, ErrorCode } from '../../core/errors';
import type { Query } from './handle';

/** What the PostgreSQL `Database` needs of a server or of PGlite. */
export interface Backend {
  /** Reads, on any pooled connection. */
  query: Query;
  /** One connection held for `fn` (a transaction). */
  withConnection<T>(fn: (query: Query) => Promise<T>): Promise<T>;
  /**
   * Calls `notify` for every NOTIFY on `channel`, from this or any other
   * connection; `listening(false)` when the listening connection is lost
   * (notifications may be missed until) `listening(true)`, once it listens again.
   */
  listen(channel: string, on: Listener): Promise<void>;
  end(): Promise<void>;
}

export interface Listener {
  notify(payload: string): void;
  listening(on: boolean): void;
}

/** The listening connection's name on the server (pg_stat_activity.application_name). */
export const LISTENER_NAME = 'bangkom-listen';
const RECONNECT_MS = { first: 100, max: 5_000 };
const CONNECT_TIMEOUT_MS = 5_000;

/** Keeps the failing statement's text on the error (for logs; it never reaches a client); a NUL it could not take is bad input. */
/** invalid byte sequence (a NUL in a text parameter) and unsupported Unicode escape (\u0000 in JSON). */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

export async function naming<T>(text: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error && typeof error === 'object') Object.defineProperty(error, 'statement', { value: text, enumerable: false });
    // SQLite keeps a NUL in text and PostgreSQL refuses it: where a service did not leave such a value out, say so, not 500.
    if (UNSTORABLE_TEXT.has((error as { code?: string }).code ?? '')) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Text with the NUL character (U+0000) can be neither stored nor looked up');
    // A developer's switch: which statement PostgreSQL refused, printed where it happened.
    if (process.env.DEBUG_SQL_ERRORS) console.error(`${(error as Error).message}\n  in: ${text}`);
    throw error;
  }
}

/** int8 (counts, ids, epoch milliseconds) and numeric (sums) as JavaScript numbers, as SQLite gives them. */
export const NUMBER_TYPES = { int8: 20, numeric: 1700 } as const;

export async function pgBackend(url: string, max: number): Promise<Backend> {
  const { default: pg } = await import('pg');
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === NUMBER_TYPES.int8 || oid === NUMBER_TYPES.numeric ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  // A server that does not answer fails a request in 5 s rather than holding it open (a replica's reads then go to the primary).
  const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle connection the server dropped is replaced by the pool; the error itself needs no handling here.
  pool.on('error', () => undefined);
  const on = (client: Pick<InstanceType<typeof pg.Client>, 'query'>): Query => async (text, params, rowMode) => {
    const result = await naming(text, () => (rowMode === 'array' ? client.query({ text, values: params, rowMode: 'array' }) : client.query({ text, values: params })));
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  };
  let listener: InstanceType<typeof pg.Client> | null = null;
  let ending = false;
  /**
   * One plain connection LISTENs (a pooled one may be handed to others). When
   * the server drops it (a restart, a failover), it says so and reconnects with
   * backoff rather than leave the node deaf, or crash it with an unhandled error.
   */
  const listenOn = async (channel: string, on: Listener): Promise<void> => {
    const client = new pg.Client({ connectionString: url, types, application_name: LISTENER_NAME });
    client.on('notification', (n) => n.channel === channel && on.notify(n.payload ?? ''));
    client.on('error', () => undefined); // 'end' follows
    client.on('end', () => {
      if (listener !== client || ending) return;
      listener = null;
      on.listening(false);
      void (async () => {
        for (let wait = RECONNECT_MS.first; !ending; wait = Math.min(wait * 2, RECONNECT_MS.max)) {
          await new Promise((resolve) => setTimeout(resolve, wait));
          if (ending) return;
          try {
            await listenOn(channel, on);
            on.listening(true);
            return;
          } catch {
            // The server is not back yet: try again after a longer wait.
          }
        }
      })();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    // Closed while it was connecting: end() found no listener to end, so this one must not stay open.
    if (ending) return void (await client.end().catch(() => undefined));
    listener = client;
  };
  return {
    query: on(pool),
    async withConnection(fn) {
      const client = await pool.connect();
      try {
        return await fn(on(client));
      } finally {
        client.release();
      }
    },
    listen: listenOn,
    async end() {
      ending = true;
      await listener?.end();
      await pool.end();
    },
  };
}

export interface PgliteBackend extends Backend {
  /** The whole database as a file PGlite can start from (`from`), for a template. */
  dump(): Promise<Blob>;
}

/** PostgreSQL in this process (WASM): one connection, for tests and trying things out. */
export async function pgliteBackend(options: { dataDir?: string; from?: Blob } = {}): Promise<PgliteBackend> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const db = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.from,
    extensions: { pg_trgm, unaccent },
    parsers: { [NUMBER_TYPES.int8]: Number, [NUMBER_TYPES.numeric]: Number },
  });
  const query: Query = async (text, params, rowMode) => {
    const result = await naming(text, () => db.query(text, params, { rowMode }));
    return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
  };
  return {
    query,
    withConnection: (fn) => fn(query),
    async listen(channel, on) {
      await db.listen(channel, (payload) => on.notify(payload ?? ''));
    },
    end: () => db.close(),
    dump: () => db.dumpDataDir('none'),
  };
}
