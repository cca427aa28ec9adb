import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { loadConfig } from '../../config';
import { openDatabase } from '../../db/database';
import type { Context } from '../../graphql/context';
import { createLoaders } from '../../graphql/loaders';
import { getSchema } from '../../graphql/schema';
import { createServices } from '../../services';

/**
 * The same schema, services and per-request context on Apollo Server with its
 * defaults (standalone HTTP server, default plugins, no limits): the baseline
 * our server is compared with. Child process, env DATABASE_URL and PORT.
 */
async function main() {
  const config = loadConfig();
  const db = openDatabase(config.databasePath, { migrate: false });
  const services = createServices(db, config);
  const apollo = new ApolloServer<Context>({ schema: getSchema() });
  await startStandaloneServer(apollo, {
    listen: { port: config.PORT, host: '127.0.0.1' },
    context: async ({ req }) => {
      const token = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '')?.[1];
      const viewer = services.access.authenticate(token);
      return { viewer, services, loaders: createLoaders(db, services), rateLimitKey: String(viewer.tokenId) };
    },
  });
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
