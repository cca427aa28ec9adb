import { extname, join } from 'node:path';
import type { Config } from '../config';
import { createReadPool, inProcessPool, type ReadPool } from '../db/read-pool';

/** The worker module beside this one: `.js` under dist/, `.ts` under the tests (loaded through tsx). */
const WORKER_FILE = join(__dirname, `read-worker${extname(__filename)}`);

/** The server's read pool: `READ_WORKERS` threads on the database file, or in process (`0`, or `:memory:`). */
export function createAppReadPool(config: Config, services: () => unknown, workerFile: string = WORKER_FILE): ReadPool {
  if (config.READ_WORKERS === 0) return inProcessPool(services, config.READ_QUEUE);
  return createReadPool({ threads: config.READ_WORKERS, maxQueue: config.READ_QUEUE, workerFile, workerData: { config } });
}
