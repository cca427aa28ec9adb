import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { SYSTEM } from './auth/viewer';
import type { Config } from './config';
import { createBackupSchedule, type BackupSchedule } from './db/backup-schedule';
import { connectDatabase } from './db/connect';
import type { Database } from './db/database';
import { createAppHttpServer } from './composition/http-app';
import { createAppReadPool } from './composition/read-pool';
import { seedDemoData } from './seed/demo';
import { createServices, type ServiceOptions, type Services } from './composition/services';
import type { SharedLimits } from './composition/shared-limits';
import { DeliveryWorker, type WorkerOptions } from './modules/webhooks/delivery-worker';

export interface App {
  config: Config;
  db: Database;
  services: Services;
  http: FastifyInstance;
  /** Scheduled backups, when `BACKUP_DIR` is set and this is the only server process. */
  backups: BackupSchedule | null;
  /** Delivers events to webhook subscriptions while the server runs (in every server process: deliveries are claimed through the database). */
  webhookWorker: DeliveryWorker;
  /**
   * Graceful stop: stops backups and webhook deliveries (attempts in flight
   * are abandoned and made again at the next start), stops listening and waits for the requests in
   * flight (their writes included), stops the read pool's workers, lets queued writes finish while
   * refusing new ones, then closes the database.
   */
  close(): Promise<void>;
}

export interface AppOptions extends Omit<ServiceOptions, 'readPool'> {
  countStatements?: boolean;
  /** Tests inject the worker's clock, resolver and timeout, or keep it from starting (`autoStart: false`) to drive it with `runOnce`. */
  webhookWorker?: Partial<WorkerOptions> & { autoStart?: boolean };
  /** Another read-pool worker module (tests add a task that holds the worker). */
  readWorkerFile?: string;
  /** How long a write waits for another process's transaction (tests shorten it). */
  writeLockWaitMs?: number;
  /**
   * One of several server processes: `prepareDatabase` ran before it (in the
   * primary, which also takes the backups), and its rate limits are shared.
   */
  worker?: { limits: SharedLimits };
}

/** The bootstrap token and the demo data, once the database is migrated. */
async function initialise(db: Database, services: Services, config: Config, logger: Logger): Promise<void> {
  await db.exclusively(async () => {
    if (config.BOOTSTRAP_ADMIN_TOKEN) {
      const active = await services.access.ensureBootstrapToken(SYSTEM, config.BOOTSTRAP_ADMIN_TOKEN);
      if (!active) logger.warn('BOOTSTRAP_ADMIN_TOKEN was revoked; it grants nothing until a new value is set');
    }
    if (config.SEED_DEMO) await seedDemoData({ db, services, config, logger });
  });
}

/**
 * What must happen once per machine before several server processes start:
 * migrations, the signing and webhook secret key files (made when the services load them), the
 * bootstrap token and the demo data. The workers then open the database as it is.
 */
export async function prepareDatabase(config: Config, logger: Logger): Promise<void> {
  const db = await connectDatabase(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
  try {
    await initialise(db, createServices(db, config), config, logger);
    await db.drain();
  } finally {
    db.close();
  }
}

/** Scheduled backups when `BACKUP_DIR` is set (one process per machine runs them), not started yet. */
export function backupSchedule(config: Config, logger: Logger): BackupSchedule | null {
  return config.BACKUP_DIR
    ? createBackupSchedule({
        databasePath: config.databasePath,
        dir: config.BACKUP_DIR,
        intervalMinutes: config.BACKUP_INTERVAL_MINUTES,
        keep: config.BACKUP_KEEP,
        logger,
      })
    : null;
}

/**
 * Opens the database and builds the HTTP server. Alone, it also migrates,
 * seeds when empty and schedules backups; as a worker (`options.worker`) it
 * leaves those to the primary.
 */
export async function createApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<App> {
  const { worker } = options;
  const db = await connectDatabase(config.DATABASE_URL, {
    countStatements: options.countStatements,
    migrate: !worker,
    writeLockWaitMs: options.writeLockWaitMs,
    poolSize: config.DATABASE_POOL_SIZE,
    replicaUrl: config.DATABASE_REPLICA_URL,
  });
  // The workers start after the services: the first start made the signing key they read.
  let services: Services | undefined;
  const readPool = createAppReadPool(config, () => services, options.readWorkerFile);
  services = createServices(db, config, { now: options.now, readPool });
  if (!worker) await initialise(db, services, config, logger);
  const http = await createAppHttpServer({ config, db, services, logger, limits: worker?.limits });
  const backups = worker ? null : backupSchedule(config, logger);
  backups?.start();
  const { autoStart = true, ...workerOptions } = options.webhookWorker ?? {};
  const webhookWorker = new DeliveryWorker(db, db.backgroundReader(), services.webhooks.key, {
    allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    now: options.now,
    log: (message, fields) => logger.warn(fields, message),
    ...workerOptions,
  });
  if (autoStart) webhookWorker.start();
  return {
    config,
    db,
    services,
    http,
    backups,
    webhookWorker,
    async close() {
      await backups?.stop();
      await webhookWorker.stop();
      await http.close();
      await readPool.close();
      await Promise.all([services.access.lastUsed.flush(), services.identityProviders.lastSignIn.flush()]);
      await db.drain();
      db.close();
    },
  };
}
