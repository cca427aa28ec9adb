import type { RoleName } from '../db/schema';

/** Who is asking: resolved once per request from the bearer token. */
export interface Viewer {
  readonly authenticated: boolean;
  readonly role: RoleName | null;
  readonly tokenId: number | null;
  /** The token's name: what the audit log records as the actor. */
  readonly tokenName: string;
  readonly institutionId: number | null;
  /** Materialised path of the token's institution (`/1/4/`); its subtree starts with it. */
  readonly institutionPath: string | null;
  readonly learnerId: number | null;
  /** How the caller signed in: `API_TOKEN`, or the identity provider's name. */
  readonly authenticatedBy: string | null;
}

export const API_TOKEN = 'API_TOKEN';

export const ANONYMOUS: Viewer = Object.freeze({
  authenticated: false,
  role: null,
  tokenId: null,
  tokenName: 'anonymous',
  institutionId: null,
  institutionPath: null,
  learnerId: null,
  authenticatedBy: null,
});

/** Used by the seed, migrations and CLI, which act as the system itself. */
export const SYSTEM: Viewer = Object.freeze({
  authenticated: true,
  role: 'SUPERADMIN',
  tokenId: null,
  tokenName: 'system',
  institutionId: null,
  institutionPath: null,
  learnerId: null,
  authenticatedBy: null,
});
