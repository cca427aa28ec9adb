import { forbidden, unauthenticated } from '../core/errors';
import type { RoleName } from '../db/schema';
import type { Viewer } from './viewer';

/**
 * Who may read or write what. Every service asks here; nothing else decides access.
 * `path` arguments are institutions' materialised paths (`/1/4/`).
 */
export const policy = {
  isSuperadmin: (v: Viewer) => v.role === 'SUPERADMIN',

  /** SUPERADMIN everywhere; INSTITUTION_ADMIN in its institution and every one below it. */
  canManageInstitution(v: Viewer, path: string): boolean {
    if (v.role === 'SUPERADMIN') return true;
    return v.role === 'INSTITUTION_ADMIN' && v.institutionPath !== null && path.startsWith(v.institutionPath);
  },

  /** SYNC_CLIENT acts for exactly its own institution (curricula and frameworks it owns). */
  canSyncFor(v: Viewer, institutionId: number, path: string): boolean {
    if (v.role === 'SYNC_CLIENT') return v.institutionId === institutionId;
    return policy.canManageInstitution(v, path);
  },

  /** Competency frameworks: SUPERADMIN any; a SYNC_CLIENT new ones (its institution then owns them) and its own. */
  canWriteFramework(v: Viewer, existing: { ownerId: number | null } | null): boolean {
    if (v.role === 'SUPERADMIN') return true;
    return v.role === 'SYNC_CLIENT' && v.institutionId !== null && (existing === null || existing.ownerId === v.institutionId);
  },

  /** National reference data (positions and their requirements) is kept by SUPERADMIN. */
  canWriteReferenceData: (v: Viewer) => v.role === 'SUPERADMIN',

  /** Owners whose curricula (drafts included) the viewer may write: what canSyncFor admits, as a set. */
  curriculumScope(v: Viewer): { kind: 'all' } | { kind: 'institution'; id: number } | { kind: 'subtree'; path: string } | { kind: 'none' } {
    if (v.role === 'SUPERADMIN') return { kind: 'all' };
    if (v.role === 'SYNC_CLIENT' && v.institutionId !== null) return { kind: 'institution', id: v.institutionId };
    if (v.role === 'INSTITUTION_ADMIN' && v.institutionPath !== null) return { kind: 'subtree', path: v.institutionPath };
    return { kind: 'none' };
  },

  /** A webinar series, its sessions and their attendance: the organiser's admins (per `canManageInstitution`). */
  canManageWebinar(v: Viewer, organizerPath: string): boolean {
    return policy.canManageInstitution(v, organizerPath);
  },

  canReadLearner(v: Viewer, learner: { id: number; institutionPath: string }): boolean {
    if (v.role === 'LEARNER') return v.learnerId === learner.id;
    return policy.canManageInstitution(v, learner.institutionPath);
  },

  /** The institution subtree an admin's lists are confined to; null means no confinement. */
  scopePath(v: Viewer): string | null {
    return v.role === 'SUPERADMIN' ? null : v.institutionPath;
  },

  /** Roles a token holder may hand out in a new token. */
  canGrantRole(v: Viewer, role: RoleName): boolean {
    if (v.role === 'SUPERADMIN') return true;
    return v.role === 'INSTITUTION_ADMIN' && role !== 'SUPERADMIN';
  },

  requireAuthenticated(v: Viewer): void {
    if (!v.authenticated) throw unauthenticated();
  },

  requireRole(v: Viewer, ...roles: RoleName[]): void {
    policy.requireAuthenticated(v);
    if (!v.role || !roles.includes(v.role)) throw forbidden();
  },

  requireManage(v: Viewer, path: string): void {
    policy.requireAuthenticated(v);
    if (!policy.canManageInstitution(v, path)) throw forbidden();
  },
};
