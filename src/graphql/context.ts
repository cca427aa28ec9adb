import type { Viewer } from '../auth/viewer';
import type { Services } from '../services';
import type { Loaders } from './loaders';

/** Built once per request: who asks, the shared services, and this request's loaders. */
export interface Context {
  viewer: Viewer;
  services: Services;
  loaders: Loaders;
  /** Whom the per-minute cost budget is counted for: the token, else the client address. */
  rateLimitKey: string;
}
