import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../core/errors';

/** Client addresses remembered at once; past it the least recently seen is forgotten. */
const REMEMBERED_ADDRESSES = 10_000;

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
 * The address is `request.ip`, so it honours TRUST_PROXY.
 */
export async function limitPublicRoutes(scope: FastifyInstance, perMinute: number): Promise<void> {
  const options: RateLimitPluginOptions = {
    max: perMinute,
    timeWindow: 60_000,
    cache: REMEMBERED_ADDRESSES,
    errorResponseBuilder: (_request, context) => new PublicRateLimited(Math.ceil(context.ttl / 1000), perMinute),
  };
  await scope.register(rateLimit, options);
}
