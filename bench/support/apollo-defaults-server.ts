import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { contextFactory, type Context } from '../../src/composition/context';
import { getSchema } from '../../src/composition/schema';
import { createServices } from '../../src/composition/services';

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
  const context = contextFactory(db, services);
  await startStandaloneServer(apollo, {
    listen: { port: config.PORT, host: '127.0.0.1' },
    context: async ({ req }) =>
      context({ bearerToken: /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '')?.[1], clientAddress: req.socket.remoteAddress ?? '' }),
  });
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
