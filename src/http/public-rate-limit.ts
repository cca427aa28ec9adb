import rateLimit, { type FastifyRateLimitStoreCtor, type RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../core/errors';

/** Client addresses remembered at once; past it the least recently seen is forgotten. */
export const REMEMBERED_ADDRESSES = 10_000;

/** Thrown by the limiter; the server's error handler turns it into 429 with `RATE_LIMITED`. */
export class PublicRateLimited extends Error {
  readonly statusCode = 429;
  readonly code = ErrorCode.RATE_LIMITED;
  constructor(readonly retryAfterSeconds: number, perMinute: number) {
    super(`Rate limit: more than ${perMinute} requests this minute from your address; retry in ${retryAfterSeconds} s`);
  }
}

/**
 * Every route registered on `scope` after this counts against one budget per
 * client address (IPv6 by /64) and minute; over it: 429 with Retry-After.
 * The address is `request.ip`, so it honours TRUST_PROXY. The counts are this
 * process's own unless `store` keeps them elsewhere (shared by several processes).
 */
export async function limitPublicRoutes(scope: FastifyInstance, perMinute: number, store?: FastifyRateLimitStoreCtor): Promise<void> {
  const options: RateLimitPluginOptions = {
    max: perMinute,
    timeWindow: 60_000,
    cache: REMEMBERED_ADDRESSES,
    ...(store ? { store } : {}),
    errorResponseBuilder: (_request, context) => new PublicRateLimited(Math.ceil(context.ttl / 1000), perMinute),
  };
  await scope.register(rateLimit, options);
}
