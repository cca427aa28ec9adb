import type { Worker } from 'node:cluster';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Config } from '../config';
import { CostRateLimiter, type CostLimiter, type CostTaken } from '../graphql/rate-limit';
import { REMEMBERED_ADDRESSES } from '../http/public-rate-limit';

/**
 * Rate limits that hold across server processes: the primary keeps the one
 * set of counters (the same classes a single process uses) and every worker
 * asks it over the cluster's IPC channel, one round trip per request (10-20
 * µs; see BENCHMARKS.md). Exact, unlike counters each worker keeps and
 * syncs now and then, and without a store to run beside SQLite.
 */

type PublicCount = { current: number; ttl: number };
type Question =
  | { kind: 'cost'; caller: string; cost: number }
  | { kind: 'public'; key: string; timeWindow: number; max: number };
type Ask = { bangkom: 'limit-ask'; id: number; question: Question };
type Answer = { bangkom: 'limit-answer'; id: number; answer: CostTaken | PublicCount };

type Store = FastifyRateLimitStore & { incr(key: string, cb: (error: Error | null, result?: PublicCount) => void, timeWindow: number, max: number): void };
// The library's own in-memory store, so the shared counts behave exactly as one process's.
const LocalStore: new (continueExceeding: boolean, exponentialBackoff: boolean, cache: number) => Store = require('@fastify/rate-limit/store/LocalStore');

const isAsk = (message: unknown): message is Ask => (message as Ask | null)?.bangkom === 'limit-ask' && typeof (message as Ask).id === 'number';
const isAnswer = (message: unknown): message is Answer => (message as Answer | null)?.bangkom === 'limit-answer';

/** The primary's side: answers its workers' questions from one set of counters. */
export function serveSharedLimits(config: Pick<Config, 'RATE_LIMIT_COST_PER_MINUTE'>): (worker: Worker, message: unknown) => void {
  const cost = new CostRateLimiter(config.RATE_LIMIT_COST_PER_MINUTE);
  const publicCounts = new LocalStore(false, false, REMEMBERED_ADDRESSES);
  return (worker, message) => {
    if (!isAsk(message)) return;
    const { id, question: q } = message;
    const reply = (answer: Answer['answer']) => {
      if (worker.isConnected()) worker.send({ bangkom: 'limit-answer', id, answer } satisfies Answer);
    };
    if (q.kind === 'cost') reply(cost.take(String(q.caller), Number(q.cost)));
    else publicCounts.incr(String(q.key), (_error, result) => reply(result ?? { current: 0, ttl: q.timeWindow }), Number(q.timeWindow), Number(q.max));
  };
}

export interface SharedLimits {
  cost: CostLimiter;
  publicStore: FastifyRateLimitStoreCtor;
}

/** A worker's side: the cost limiter and the public routes' store, both asking the primary. */
export function sharedLimits(config: Pick<Config, 'RATE_LIMIT_COST_PER_MINUTE'>, channel: NodeJS.Process = process): SharedLimits {
  const pending = new Map<number, { resolve: (answer: Answer['answer']) => void; locally: () => Answer['answer'] | Promise<Answer['answer']> }>();
  let next = 0;
  // Only while the primary is gone (this process is stopping): the requests in flight are limited here.
  const localCost = new CostRateLimiter(config.RATE_LIMIT_COST_PER_MINUTE);
  const localPublic = new LocalStore(false, false, REMEMBERED_ADDRESSES);

  channel.on('message', (message: unknown) => {
    if (isAnswer(message)) {
      const { id, answer } = message;
      pending.get(id)?.resolve(answer);
      pending.delete(id);
    }
  });
  // Questions the primary can no longer answer are answered here.
  channel.on('disconnect', () => {
    for (const [id, { resolve, locally }] of pending) {
      pending.delete(id);
      void Promise.resolve(locally()).then(resolve);
    }
  });

  const ask = <T extends Answer['answer']>(question: Question, locally: () => T | Promise<T>): Promise<T> => {
    if (!channel.connected || !channel.send) return Promise.resolve(locally());
    const id = next++;
    return new Promise<T>((resolve) => {
      pending.set(id, { resolve: resolve as (answer: Answer['answer']) => void, locally });
      channel.send!({ bangkom: 'limit-ask', id, question } satisfies Ask, undefined, undefined, (error: Error | null) => {
        if (!error || !pending.delete(id)) return;
        void Promise.resolve(locally()).then(resolve);
      });
    });
  };

  const cost: CostLimiter = {
    costPerMinute: config.RATE_LIMIT_COST_PER_MINUTE,
    take: (caller, units) => ask<CostTaken>({ kind: 'cost', caller, cost: units }, () => localCost.take(caller, units)),
  };

  class SharedPublicStore {
    incr(key: string, callback: (error: Error | null, result?: PublicCount) => void, timeWindow: number, max: number): void {
      const locally = () => new Promise<PublicCount>((resolve) => localPublic.incr(key, (_e, result) => resolve(result!), timeWindow, max));
      ask<PublicCount>({ kind: 'public', key, timeWindow, max }, locally).then((result) => callback(null, result), callback);
    }
    child(): FastifyRateLimitStore {
      return this;
    }
  }
  return { cost, publicStore: SharedPublicStore };
}
