import 'reflect-metadata';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './http/logger';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const app = await createApp(config, logger);
  await app.http.listen({ port: config.PORT, host: config.HOST });
  logger.info(`Bangkom GraphQL at ${config.publicBaseUrl}/graphql (database ${config.databasePath})`);

  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error('Bangkom failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
