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

/**
 * A write broke a unique key: another request (on this node or another) wrote
 * the same code or key first. The transaction rolled back; a client that retries sees what won.
 */
export class UniqueViolationError extends AppError {
  /** The engine's own error (which key), for logs; never sent to a client. */
  constructor(override readonly cause?: unknown) {
    super(ErrorCode.CONFLICT, 'Something with the same code or key was written at the same moment; nothing was written');
    this.name = 'UniqueViolationError';
  }
}

/** SQLite's and PostgreSQL's unique-key errors (23505), also when a driver wraps them. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505') return true;
  }
  return false;
}
