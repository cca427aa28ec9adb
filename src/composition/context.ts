import type { Viewer } from '../auth/viewer';
import type { Database } from '../db/database';
import { looksLikeJwt } from '../modules/identity/sign-in.service';
import type { CallerCredentials } from '../http/server';
import { createLoaders, type Loaders } from './loaders';
import type { Services } from './services';

/** Built once per request: who asks, the shared services, and this request's loaders. */
export interface Context {
  viewer: Viewer;
  services: Services;
  loaders: Loaders;
  /** Whom the per-minute cost budget is counted for: the token, else the client address. */
  rateLimitKey: string;
}

/**
 * The viewer a bearer stands for: a JWT is an identity provider's token,
 * anything else an API token (one indexed read).
 */
export function authenticate(services: Services, bearer: string | undefined): Promise<Viewer> {
  return looksLikeJwt(bearer) ? services.signIn.authenticate(bearer) : services.access.authenticate(bearer);
}

/** Whom the cost budget is counted for: the token, the signed-in learner, else the address. */
function rateLimitKey(viewer: Viewer, clientAddress: string): string {
  if (viewer.tokenId !== null) return `token:${viewer.tokenId}`;
  if (viewer.learnerId !== null) return `learner:${viewer.learnerId}`;
  return `ip:${clientAddress}`;
}

/** The per-request context builder the HTTP server calls. */
export function contextFactory(db: Database, services: Services): (caller: CallerCredentials) => Promise<Context> {
  const build = (viewer: Viewer, clientAddress: string): Context => ({
    viewer,
    services,
    loaders: createLoaders(db, services, viewer),
    rateLimitKey: rateLimitKey(viewer, clientAddress),
  });
  return async ({ bearerToken, clientAddress }) => build(await authenticate(services, bearerToken), clientAddress);
}
