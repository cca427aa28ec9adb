import 'reflect-metadata';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './http/logger';

/** What a supervisor usually allows between SIGTERM and SIGKILL. */
const STOP_DEADLINE_MS = 10_000;

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

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second stop signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: no new connections; finishing requests and writes in flight');
    const deadline = setTimeout(() => {
      logger.error({ signal, deadlineMs: STOP_DEADLINE_MS }, 'graceful stop took too long; exiting');
      process.exit(1);
    }, STOP_DEADLINE_MS);
    app.close().then(
      () => {
        clearTimeout(deadline);
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'graceful stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error('Bangkom failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
