import { AsyncLocalStorage } from 'node:async_hooks';
import { DatabaseClosingError, isUniqueViolation, UniqueViolationError } from './errors';

/**
 * `Database.write()` on either engine: one transaction at a time per process,
 * in the order asked, refused inside another (pass the transaction down) and
 * once draining began. `transact` runs one body inside the engine's transaction.
 */
export class WriteQueue {
  private readonly inWrite = new AsyncLocalStorage<true>();
  private tail: Promise<unknown> = Promise.resolve();
  private closing = false;

  constructor(private readonly transact: <T>(body: () => Promise<T>) => Promise<T>) {}

  run<T>(body: () => Promise<T> | T): Promise<T> {
    if (this.inWrite.getStore()) return Promise.reject(new Error('write() called inside write(): pass the transaction down instead'));
    if (this.closing) return Promise.reject(new DatabaseClosingError());
    const next = this.tail.then(() => this.one(body));
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Refuses new writes and resolves once the queued and running ones have finished. */
  async drain(): Promise<void> {
    this.closing = true;
    await this.tail;
  }

  private async one<T>(body: () => Promise<T> | T): Promise<T> {
    try {
      return await this.transact(() => this.inWrite.run(true, async () => body()));
    } catch (error) {
      throw isUniqueViolation(error) ? new UniqueViolationError(error) : error;
    } finally {
      // On Node 20 an enabled AsyncLocalStorage hooks every promise in the process; writes are
      // one at a time, so the guard is needed only while one runs (run() enables it again).
      this.inWrite.disable();
    }
  }
}
