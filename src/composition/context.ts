import type { Viewer } from '../auth/viewer';
import type { Database } from '../db/database';
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

/** The per-request context builder the HTTP server calls. */
export function contextFactory(db: Database, services: Services): (caller: CallerCredentials) => Context {
  return ({ bearerToken, clientAddress }) => {
    const viewer = services.access.authenticate(bearerToken);
    return {
      viewer,
      services,
      loaders: createLoaders(db, services, viewer),
      rateLimitKey: viewer.tokenId === null ? `ip:${clientAddress}` : `token:${viewer.tokenId}`,
    };
  };
}
