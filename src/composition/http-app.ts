import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { createHttpServer } from '../http/server';
import { contextFactory } from './context';
import { featureRoutes } from './routes';
import { getSchema } from './schema';
import type { Services } from './services';
import type { SharedLimits } from './shared-limits';

/** The HTTP server with this application's schema, per-request context and feature routes. */
export function createAppHttpServer(deps: { config: Config; db: Database; services: Services; logger: Logger; limits?: SharedLimits }): Promise<FastifyInstance> {
  const { config, db, services, logger, limits } = deps;
  return createHttpServer({
    config,
    db,
    logger,
    schema: getSchema(),
    context: contextFactory(db, services),
    routes: featureRoutes(config, services, limits?.publicStore),
    costLimiter: limits?.cost,
  });
}
