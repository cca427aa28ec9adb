import { AppError, ErrorCode } from '../core/errors';

/**
 * Another process held the database's write lock for longer than
 * `WRITE_LOCK_WAIT_MS`: nothing was written, and the same write may be tried again.
 */
export class DatabaseBusyError extends AppError {
  constructor() {
    super(ErrorCode.DATABASE_BUSY, 'The database is busy with another write; nothing was written, try again');
    this.name = 'DatabaseBusyError';
  }
}

/** How long a write waits for another process's transaction before giving up with `DatabaseBusyError`. */
export const WRITE_LOCK_WAIT_MS = 5000;

/** A write asked for after `drain()` or `close()` began: the process is stopping. */
export class DatabaseClosingError extends Error {
  constructor() {
    super('The database is closing; the write was not started');
    this.name = 'DatabaseClosingError';
  }
}
