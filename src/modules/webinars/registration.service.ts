import { and, eq, inArray } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { fail, ok, userError, type Result } from '../../core/errors';
import { Problems } from '../../core/problems';
import { chunked } from '../../db/batch';
import type { Database, Db } from '../../db/database';
import { sessionRegistrations } from '../../db/schema';
import { recordAudit } from '../audit/audit.writer';
import { resolveLearnerEntries, type LearnerReference } from '../learners/learner-matcher';
import { notCancelled, type WebinarService } from './webinar.service';

const MAX_REGISTRATIONS = 10_000;

export interface RegisterForSession {
  sessionId: number;
  /** Whom an admin registers; a LEARNER registers themself and names nobody. */
  nips?: string[] | null;
  emails?: string[] | null;
}

/**
 * Registration is how a learner, or their own institution's admins, open the
 * door to an organiser outside their institution: evidence such an organiser
 * records (attendance, scores) reaches only registered learners.
 */
export class RegistrationService {
  constructor(
    private readonly db: Database,
    private readonly webinars: WebinarService,
  ) {}

  /** All-or-nothing; registering again is counted, not repeated. */
  async register(viewer: Viewer, input: RegisterForSession): Promise<Result<{ registered: number; alreadyRegistered: number }>> {
    policy.requireRole(viewer, 'LEARNER', 'INSTITUTION_ADMIN', 'SUPERADMIN');
    const session = await this.webinars.findSession(input.sessionId);
    if (!session) return fail(userError(['sessionId'], 'NOT_FOUND', 'No such webinar session'));
    const open = notCancelled(session, ['sessionId']);
    if (!open.ok) return open;
    const nips = input.nips ?? [];
    const named: LearnerReference[] = [...nips.map((nip) => ({ nip })), ...(input.emails ?? []).map((email) => ({ email }))];
    const at = (i: number) => (i < nips.length ? ['nips', i] : ['emails', i - nips.length]);
    const p = new Problems();
    if (viewer.role === 'LEARNER' && named.length > 0) p.add(['nips'], 'INVALID', 'A learner registers themself; name nobody');
    if (viewer.role !== 'LEARNER' && named.length === 0) p.add(['nips'], 'REQUIRED', 'Name the learners to register');
    if (named.length > MAX_REGISTRATIONS) p.add(['nips'], 'TOO_LARGE', `At most ${MAX_REGISTRATIONS} learners per call`);
    if (p.any) return fail(...p.list);
    const people =
      viewer.role === 'LEARNER'
        ? [{ id: viewer.learnerId! }]
        : await resolveLearnerEntries(this.db.read, named, p, {
            at,
            usable: (l) => policy.canManageLearner(viewer, l),
            unreachable: policy.unreachableCode(viewer),
          });
    if (p.any) return fail(...p.list);
    const ids = people.map((l) => l!.id);
    const registered = await this.db.write(async (tx) => {
      let added = 0;
      for (const part of chunked(ids, 500)) {
        added += (
          await tx
            .insert(sessionRegistrations)
            .values(part.map((learnerId) => ({ sessionId: session.id, learnerId, registeredBy: viewer.tokenName })))
            .onConflictDoNothing()
            .run()
        ).changes;
      }
      await recordAudit(tx, viewer, {
        action: 'registerForWebinarSession',
        targetType: 'WebinarSession',
        targetId: `${session.seriesCode}#${session.number}`,
        summary: `Registered ${added} learners for ${session.seriesCode} #${session.number} (${ids.length - added} already registered)`,
      });
      return added;
    });
    return ok({ registered, alreadyRegistered: ids.length - registered });
  }
}

/** Which of these learners registered for the session (one statement per 500). */
export async function registeredAmong(db: Db, sessionId: number, learnerIds: readonly number[]): Promise<Set<number>> {
  const found = new Set<number>();
  for (const part of chunked([...new Set(learnerIds)], 500)) {
    for (const r of await db
      .select({ learnerId: sessionRegistrations.learnerId })
      .from(sessionRegistrations)
      .where(and(eq(sessionRegistrations.sessionId, sessionId), inArray(sessionRegistrations.learnerId, part)))
      .all()) {
      found.add(r.learnerId);
    }
  }
  return found;
}

/** For `resolveLearnerEntries`: the learners this organiser may record evidence for in the session. */
export function evidenceReach(db: Db, viewer: Viewer, sessionId: number) {
  return async (found: { id: number; institutionPath: string }[]) => {
    const registered = await registeredAmong(db, sessionId, found.map((l) => l.id));
    return (learner: { id: number; institutionPath: string }) => policy.canRecordEvidence(viewer, learner, registered.has(learner.id));
  };
}
