import { SYSTEM } from '../../src/auth/viewer';
import { defineTask } from '../../src/db/read-pool';
import type { LearnerService } from '../../src/modules/learners/learner.service';

/**
 * A task that holds its worker thread until the test lets it go: slot 0 says
 * it started, slot 1 releases it. Only for a real pool (it would block the
 * event loop in process).
 */
export const holdTask = defineTask('test.hold', (_: unknown, { signal }: { signal: SharedArrayBuffer }) => {
  const slots = new Int32Array(signal);
  Atomics.store(slots, 0, 1);
  Atomics.notify(slots, 0);
  Atomics.wait(slots, 1, 0);
  return 'released';
});

/** Counts the learners, holds like `holdTask`, and counts them again: what one task sees of a commit made meanwhile. */
export const countTwiceTask = defineTask('test.countTwice', async (s: { learners: LearnerService }, { signal }: { signal: SharedArrayBuffer }) => {
  const count = () => s.learners.browseCount(SYSTEM, { includeInactive: true });
  const before = await count();
  const slots = new Int32Array(signal);
  Atomics.store(slots, 0, 1);
  Atomics.notify(slots, 0);
  Atomics.wait(slots, 1, 0);
  return [before, await count()];
});

/** A task that fails with an error the client must never see. */
export const failTask = defineTask('test.fail', () => {
  throw new Error('SELECT secret FROM somewhere: no such table');
});

/** A hold for `holdTask`: `started` resolves once the worker runs it; `release` lets it finish. */
export function hold() {
  const signal = new SharedArrayBuffer(8);
  const slots = new Int32Array(signal);
  // Node 20 has Atomics.waitAsync; the ES2023 lib does not declare it.
  const { waitAsync } = Atomics as unknown as { waitAsync: (a: Int32Array, i: number, v: number) => { async: boolean; value: Promise<string> } };
  const waiting = waitAsync(slots, 0, 0);
  return {
    signal,
    started: waiting.async ? waiting.value.then(() => undefined) : Promise.resolve(),
    release() {
      Atomics.store(slots, 1, 1);
      Atomics.notify(slots, 1);
    },
  };
}
