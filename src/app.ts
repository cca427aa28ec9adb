import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { SYSTEM } from './auth/viewer';
import type { Config } from './config';
import { openDatabase, type Database } from './db/database';
import { createAppHttpServer } from './composition/http-app';
import { seedDemoData } from './seed/demo';
import { createServices, type Services } from './composition/services';

export interface App {
  config: Config;
  db: Database;
  services: Services;
  http: FastifyInstance;
  /**
   * Graceful stop: stops listening and waits for the requests in flight (their
   * writes included), lets queued writes finish while refusing new ones, then
   * closes the database.
   */
  close(): Promise<void>;
}

export interface AppOptions {
  countStatements?: boolean;
}

/** Opens and migrates the database, seeds it when empty, and builds the HTTP server. */
export async function createApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const db = openDatabase(config.databasePath, { countStatements: options.countStatements });
  const services = createServices(db, config);
  if (config.BOOTSTRAP_ADMIN_TOKEN) {
    const active = await services.access.ensureBootstrapToken(SYSTEM, config.BOOTSTRAP_ADMIN_TOKEN);
    if (!active) logger.warn('BOOTSTRAP_ADMIN_TOKEN was revoked; it grants nothing until a new value is set');
  }
  if (config.SEED_DEMO) await seedDemoData({ db, services, config, logger });
  const http = await createAppHttpServer({ config, db, services, logger });
  return {
    config,
    db,
    services,
    http,
    async close() {
      await http.close();
      await db.drain();
      db.close();
    },
  };
}
