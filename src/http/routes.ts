import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Services } from '../services';

export interface RouteDeps {
  config: Config;
  db: Database;
  services: Services;
}

/** Plain HTTP routes that feature modules serve beside GraphQL (public pages, documents). */
export async function registerFeatureRoutes(_app: FastifyInstance, _deps: RouteDeps): Promise<void> {}
