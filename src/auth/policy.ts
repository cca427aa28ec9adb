import { AppError, ErrorCode, forbidden, unauthenticated } from '../core/errors';
import type { RoleName } from '../db/schema';
import type { Viewer } from './viewer';

/** What an admin console's lists may hold for a viewer (see `policy.listScope`). */
export type ListScope =
  | { kind: 'all' }
  | { kind: 'subtree'; path: string }
  | { kind: 'learner'; learnerId: number; path?: string }
  | { kind: 'none' };

/**
 * Who may read or write what: the one place that decides. Services ask here,
 * resolvers never decide. `can*` answer a question (for filters and lists);
 * `require*` enforce it with one contract: they return what was asked for or
 * throw an AppError (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND).
 *
 * Paths are institutions' materialised paths (`/1/4/`): a subtree starts with its root's path.
 *
 * Missing and out of scope answer alike: to a viewer who may not see
 * everything, a target that does not exist and one outside their scope are
 * both FORBIDDEN, so no answer tells whether it exists. A SUPERADMIN, who may
 * see everything that exists, is told that it does not.
 */
export const policy = {
  isSuperadmin: (v: Viewer) => v.role === 'SUPERADMIN',

  /** SUPERADMIN everywhere; INSTITUTION_ADMIN in its institution and every one below it. */
  canManageInstitution(v: Viewer, path: string): boolean {
    if (v.role === 'SUPERADMIN') return true;
    return v.role === 'INSTITUTION_ADMIN' && v.institutionPath !== null && path.startsWith(v.institutionPath);
  },

  /**
   * Moving an institution or a learner: from inside the viewer's subtree to a
   * place inside it (`toPath` null: the top of the tree, SUPERADMIN only).
   */
  canMove(v: Viewer, fromPath: string, toPath: string | null): boolean {
    if (toPath === null) return v.role === 'SUPERADMIN';
    return policy.canManageInstitution(v, fromPath) && policy.canManageInstitution(v, toPath);
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

  /** A learner's own data: the learner themself, their institution's admins (up the tree), a SUPERADMIN. */
  canReadLearner(v: Viewer, learner: { id: number; institutionPath: string }): boolean {
    if (v.role === 'LEARNER') return v.learnerId === learner.id;
    return policy.canManageInstitution(v, learner.institutionPath);
  },

  /** Enrol, assess, import, record for: the learner's institution admins (up the tree) and a SUPERADMIN. */
  canManageLearner(v: Viewer, learner: { institutionPath: string }): boolean {
    return policy.canManageInstitution(v, learner.institutionPath);
  },

  /**
   * Evidence an organiser records for a learner (attendance, scores, a report
   * row resolved to them), and so the JP a certificate grants them: only for
   * learners the organiser's admins manage, or who registered for the session
   * themselves or through their own institution's admins. An organiser cannot
   * reach beyond its own people unless the learner's side opened the door.
   */
  canRecordEvidence(v: Viewer, learner: { institutionPath: string }, registered: boolean): boolean {
    return registered || policy.canManageLearner(v, learner);
  },

  /** The institution subtree an admin's lists are confined to; null means no confinement. */
  scopePath(v: Viewer): string | null {
    return v.role === 'SUPERADMIN' ? null : v.institutionPath;
  },

  /**
   * Browse lists: a SUPERADMIN everything, an INSTITUTION_ADMIN its subtree,
   * a LEARNER only their own rows, anyone else nothing. A `*Code` filter
   * (`filterTarget`, the institution it names) narrows it to that subtree:
   * an admin must manage it, and missing or out of scope answer alike
   * (FORBIDDEN; NOT_FOUND to a SUPERADMIN).
   */
  listScope(v: Viewer, filterTarget?: { path: string } | null, filterGiven = false): ListScope {
    policy.requireAuthenticated(v);
    const base: ListScope =
      v.role === 'SUPERADMIN'
        ? { kind: 'all' }
        : v.role === 'INSTITUTION_ADMIN' && v.institutionPath !== null
          ? { kind: 'subtree', path: v.institutionPath }
          : v.role === 'LEARNER' && v.learnerId !== null
            ? { kind: 'learner', learnerId: v.learnerId }
            : { kind: 'none' };
    if (!filterGiven) return base;
    if (base.kind === 'learner') {
      if (!filterTarget) throw forbidden('No institution that you may see has this code');
      return { ...base, path: filterTarget.path };
    }
    const target = policy.requireManaged(v, filterTarget, (t) => t.path, 'institution');
    return { kind: 'subtree', path: target.path };
  },

  /**
   * The event feed: a SUPERADMIN everything; an INSTITUTION_ADMIN, SYNC_CLIENT
   * or EVENT_READER its institution's subtree. An institution filter
   * (`filterTarget`) narrows it to that subtree, which must lie inside the
   * viewer's; missing or outside answer alike (FORBIDDEN; NOT_FOUND to a SUPERADMIN).
   */
  eventScope(v: Viewer, filterTarget?: { path: string } | null, filterGiven = false): { kind: 'all' } | { kind: 'subtree'; path: string } {
    policy.requireRole(v, 'SUPERADMIN', 'INSTITUTION_ADMIN', 'SYNC_CLIENT', 'EVENT_READER');
    if (v.role !== 'SUPERADMIN' && v.institutionPath === null) throw forbidden();
    if (!filterGiven) return v.role === 'SUPERADMIN' ? { kind: 'all' } : { kind: 'subtree', path: v.institutionPath! };
    const within = filterTarget != null && (v.role === 'SUPERADMIN' || filterTarget.path.startsWith(v.institutionPath!));
    if (within) return { kind: 'subtree', path: filterTarget.path };
    if (filterTarget == null && policy.isSuperadmin(v)) throw new AppError(ErrorCode.NOT_FOUND, 'institution not found');
    throw forbidden('No institution that you may see has this code');
  },

  /**
   * Webhook subscriptions and their deliveries: a SUPERADMIN all, an
   * INSTITUTION_ADMIN those of its institution's subtree; anyone else none.
   */
  webhookScope(v: Viewer): { kind: 'all' } | { kind: 'subtree'; path: string } {
    policy.requireRole(v, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    if (v.role === 'SUPERADMIN') return { kind: 'all' };
    if (v.institutionPath === null) throw forbidden();
    return { kind: 'subtree', path: v.institutionPath };
  },

  /** Subscribing, changing a subscription, reading its deliveries, redelivering: admins of its institution (up the tree). */
  canManageWebhook(v: Viewer, subscription: { institutionPath: string }): boolean {
    return policy.canManageInstitution(v, subscription.institutionPath);
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

  /**
   * The userError code for an entry naming something missing or out of
   * scope: FORBIDDEN for both, so it does not tell them apart, except to a
   * SUPERADMIN, for whom nothing is out of scope: NOT_FOUND.
   */
  unreachableCode: (v: Viewer) => (policy.isSuperadmin(v) ? 'NOT_FOUND' : 'FORBIDDEN') as 'NOT_FOUND' | 'FORBIDDEN',

  /** Throws FORBIDDEN with `message` unless the viewer manages the institution at `path`. */
  requireManage(v: Viewer, path: string, message: string): void {
    policy.requireAuthenticated(v);
    if (!policy.canManageInstitution(v, path)) throw forbidden(message);
  },

  /**
   * The target if the viewer manages it (`pathOf` names its institution).
   * Missing or out of scope: FORBIDDEN alike, with `label` in the message;
   * missing to a SUPERADMIN: null, for the caller to report as it reports a
   * missing input (a userError, or a NOT_FOUND error).
   */
  manageable<T>(v: Viewer, target: T | null | undefined, pathOf: (target: T) => string, label: string): T | null {
    policy.requireAuthenticated(v);
    if (target != null && policy.canManageInstitution(v, pathOf(target))) return target;
    if (target == null && policy.isSuperadmin(v)) return null;
    throw forbidden(`You manage no such ${label}`);
  },

  /** Like `manageable`, but missing is a NOT_FOUND error for everyone who could have seen it. */
  requireManaged<T>(v: Viewer, target: T | null | undefined, pathOf: (target: T) => string, label: string): T {
    const found = policy.manageable(v, target, pathOf, label);
    if (found === null) throw new AppError(ErrorCode.NOT_FOUND, `${label} not found`);
    return found;
  },

  /** A learner's own data, read: missing and unreadable answer alike (see `manageable`). */
  readableLearner<L extends { id: number; institutionPath: string }>(v: Viewer, learner: L | null | undefined): L | null {
    policy.requireAuthenticated(v);
    if (learner != null && policy.canReadLearner(v, learner)) return learner;
    if (learner == null && policy.isSuperadmin(v)) return null;
    throw forbidden('No learner that you may see has this NIP or id');
  },

  requireReadLearner<L extends { id: number; institutionPath: string }>(v: Viewer, learner: L | null | undefined): L {
    const found = policy.readableLearner(v, learner);
    if (found === null) throw new AppError(ErrorCode.NOT_FOUND, 'Learner not found');
    return found;
  },
};
