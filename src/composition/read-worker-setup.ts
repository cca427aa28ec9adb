import { workerData } from 'node:worker_threads';
import type { Config } from '../config';
import { openReader } from '../db/database';
import { serveTasks, type AnyTask } from '../db/read-pool';
import { READ_TASKS } from './read-tasks';
import { createServices } from './services';

/**
 * Inside a read-pool worker: its own read-only connection (it sees what the
 * server has committed), the services built on it, and the tasks they run.
 * Their caches "until the next write" follow `data_version`, which every
 * commit of another connection moves.
 */
export function serveReadTasks(extra: readonly AnyTask[] = []) {
  const { config } = workerData as { config: Config };
  const db = openReader(config.databasePath);
  const serve = serveTasks([...READ_TASKS, ...extra], createServices(db, config));
  // One read transaction per task: all its statements see one snapshot, as they did on the event loop, where
  // no commit can land between two statements of a synchronous read. A worker runs one task at a time.
  return async (message: Parameters<typeof serve>[0]) => {
    db.readRaw.exec('BEGIN');
    try {
      return await serve(message);
    } finally {
      db.readRaw.exec('COMMIT');
    }
  };
}
