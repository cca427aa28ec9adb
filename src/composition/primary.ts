import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { backupSchedule, prepareDatabase } from '../app';
import type { Config } from '../config';
import { serveSharedLimits } from './shared-limits';

/** The primary's request to a worker: stop gracefully (a message, not a signal, so it never counts as a second one). */
export const STOP_MESSAGE = 'bangkom:stop';

/**
 * The primary of WEB_CONCURRENCY server processes (node:cluster): it prepares
 * the database once (migrations, signing key, bootstrap token, demo data),
 * forks the workers, which share the port, keeps the rate-limit counters they
 * share, runs the scheduled backups, starts a new worker when one dies, and on
 * SIGTERM/SIGINT stops them all gracefully; it serves no request itself.
 */
export async function runPrimary(config: Config, logger: Logger, stopDeadlineMs: number): Promise<void> {
  await prepareDatabase(config, logger);
  const backups = backupSchedule(config, logger);
  const answerLimits = serveSharedLimits(config);
  const listened = new WeakSet<Worker>();
  let stopping = false;
  let exitCode = 0;

  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message) => answerLimits(worker, message));
  };

  // A worker leaves cluster.workers only once both exited and disconnected, in either order.
  const workers = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
  const finish = () => {
    logger.info({ exitCode }, 'stopped');
    process.exit(exitCode);
  };

  const stop = (reason: { signal?: NodeJS.Signals; failed?: string }) => {
    if (stopping) {
      if (reason.signal) {
        logger.warn(reason, 'second stop signal: stopping the server processes without waiting');
        for (const worker of workers()) worker.process.kill('SIGKILL');
        process.exit(1);
      }
      return;
    }
    stopping = true;
    if (reason.failed) exitCode = 1;
    logger.info({ ...reason, processes: workers().length }, 'stopping: no new connections; finishing requests and writes in flight');
    // Each worker gives up after the same deadline; this is only for one that cannot even do that.
    setTimeout(() => {
      logger.error({ deadlineMs: stopDeadlineMs }, 'graceful stop took too long; exiting');
      for (const worker of workers()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, stopDeadlineMs + 2_000).unref();
    void backups?.stop();
    for (const worker of workers()) if (worker.isConnected()) worker.send(STOP_MESSAGE);
    if (workers().length === 0) finish();
  };

  cluster.on('listening', (worker) => {
    if (listened.has(worker)) return;
    listened.add(worker);
    // A worker asked while it was still loading its code had no one to hear it yet.
    if (stopping && worker.isConnected()) worker.send(STOP_MESSAGE);
    if (!stopping && workers().filter((w) => listened.has(w)).length === config.WEB_CONCURRENCY) {
      logger.info(`Bangkom GraphQL at ${config.publicBaseUrl}/graphql (database ${config.databasePath}, ${config.WEB_CONCURRENCY} processes)`);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping && code !== 0) exitCode = 1;
    if (stopping) {
      if (workers().length === 0) finish();
    } else if (!listened.has(worker)) {
      // Failing before it listened (a port in use, a broken file): another would fail alike.
      logger.error({ pid: worker.process.pid, code, signal }, 'a server process failed to start');
      stop({ failed: 'a server process failed to start' });
    } else {
      logger.error({ pid: worker.process.pid, code, signal }, 'a server process exited; starting another');
      fork();
    }
  });

  process.on('SIGINT', (signal) => stop({ signal }));
  process.on('SIGTERM', (signal) => stop({ signal }));
  for (let i = 0; i < config.WEB_CONCURRENCY; i++) fork();
  backups?.start();
}
