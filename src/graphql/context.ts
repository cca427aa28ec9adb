import type { Viewer } from '../auth/viewer';
import type { Services } from '../services';
import type { Loaders } from './loaders';

/** Built once per request: who asks, the shared services, and this request's loaders. */
export interface Context {
  viewer: Viewer;
  services: Services;
  loaders: Loaders;
}
