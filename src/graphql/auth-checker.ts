import type { AuthChecker } from 'type-graphql';
import type { Viewer } from '../auth/viewer';
import { forbidden, unauthenticated } from '../core/errors';

/** `@Authorized(PUBLIC)` opens an operation to callers without a token. */
export const PUBLIC = 'PUBLIC';

/**
 * Role gate for `@Authorized`. It throws instead of returning false, so the
 * client sees UNAUTHENTICATED or FORBIDDEN; row scope is checked in services.
 */
export const authChecker: AuthChecker<{ viewer: Viewer }, string> = ({ context }, roles) => {
  if (roles.includes(PUBLIC)) return true;
  const { viewer } = context;
  if (!viewer.authenticated || !viewer.role) throw unauthenticated();
  if (roles.length === 0 || roles.includes(viewer.role)) return true;
  throw forbidden();
};
