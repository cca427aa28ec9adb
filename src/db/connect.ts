import { databaseEngine, databasePath } from './engine';
import { openDatabase, type Database, type OpenOptions } from './database';
import { pgBackend, pgliteBackend } from './postgres/backend';
import { migratePostgres, openPostgres } from './postgres/open';

export interface ConnectOptions extends OpenOptions {
  /** Connections this process keeps to a PostgreSQL server. */
  poolSize?: number;
  /** A PostgreSQL streaming replica for `Database.replica`. */
  replicaUrl?: string;
}

let template: Promise<Blob> | undefined;

/**
 * A migrated in-memory PGlite, dumped once per process: each later in-memory
 * database starts from it in a fifth of the time migrating takes (tests open hundreds).
 */
function memoryTemplate(): Promise<Blob> {
  template ??= (async () => {
    const backend = await pgliteBackend();
    await migratePostgres(backend);
    const dump = await backend.dump();
    await backend.end();
    return dump;
  })();
  return template;
}

/** Opens (and migrates, unless told not to) the database DATABASE_URL names, on its engine. */
export async function connectDatabase(url: string, options: ConnectOptions = {}): Promise<Database> {
  switch (databaseEngine(url)) {
    case 'postgres':
      return openPostgres(await pgBackend(url, options.poolSize ?? 10), {
        ...options,
        replica: options.replicaUrl ? await pgBackend(options.replicaUrl, options.poolSize ?? 10) : undefined,
      });
    case 'pglite': {
      const dir = url.slice('pglite:'.length);
      if (dir !== '' && dir !== 'memory') return openPostgres(await pgliteBackend({ dataDir: dir }), options);
      return openPostgres(await pgliteBackend({ from: await memoryTemplate() }), options);
    }
    default:
      return openDatabase(databasePath(url), options);
  }
}
