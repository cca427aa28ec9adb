import 'reflect-metadata';
import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { createApp } from './app';
import { runPrimary, STOP_MESSAGE } from './composition/primary';
import { sharedLimits } from './composition/shared-limits';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './http/logger';

/** What a supervisor usually allows between SIGTERM and SIGKILL. */
const STOP_DEADLINE_MS = 10_000;

/**
 * One server process: alone (WEB_CONCURRENCY=1), or a worker the primary
 * forked. A first SIGTERM/SIGINT stops it gracefully, a second at once; a
 * worker also stops gracefully when the primary asks or is gone.
 */
async function serve(config: Config, processLogger: Logger) {
  const logger = cluster.isWorker ? processLogger.child({ worker: cluster.worker!.id }) : processLogger;
  const worker = cluster.isWorker ? { limits: sharedLimits(config) } : undefined;
  const starting = createApp(config, logger, { worker });

  let stopping = false;
  const stop = (reason: { signal?: NodeJS.Signals; primary?: string }) => {
    if (stopping) {
      if (!reason.signal) return;
      logger.warn(reason, 'second stop signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info(reason, 'stopping: no new connections; finishing requests and writes in flight');
    const deadline = setTimeout(() => {
      logger.error({ ...reason, deadlineMs: STOP_DEADLINE_MS }, 'graceful stop took too long; exiting');
      process.exit(1);
    }, STOP_DEADLINE_MS);
    starting
      .then((app) => app.close())
      .then(
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
  process.on('SIGINT', (signal) => stop({ signal }));
  process.on('SIGTERM', (signal) => stop({ signal }));
  if (worker) {
    process.on('message', (message) => message === STOP_MESSAGE && stop({ primary: 'asked to stop' }));
    process.on('disconnect', () => stop({ primary: 'gone' }));
  }

  const app = await starting;
  if (stopping) return; // asked to stop while starting: close() needs no listening server
  await app.http.listen({ port: config.PORT, host: config.HOST });
  if (!worker) logger.info(`Bangkom GraphQL at ${config.publicBaseUrl}/graphql (database ${config.databasePath})`);
}

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
  if (config.WEB_CONCURRENCY > 1 && cluster.isPrimary) await runPrimary(config, logger, STOP_DEADLINE_MS);
  else await serve(config, logger);
}

main().catch((error) => {
  console.error('Bangkom failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
