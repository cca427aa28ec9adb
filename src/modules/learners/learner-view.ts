import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import type { LearnerRow, ParticipantCategoryName } from '../../db/schema';
import { maskNip } from './nip';

/**
 * A Learner as one viewer may see it. Whoever may read the learner
 * (`policy.canReadLearner`) sees all of it; a viewer who reached the learner
 * through an organiser's or issuer's path (attendance, eligibility, a
 * certificate) sees the name and the masked NIP, and every other field of
 * theirs answers FORBIDDEN.
 */
export type LearnerView = LearnerRow & { readonly access: 'full' | 'restricted' };

/** The fields a restricted view answers; the schema guards every other Learner field. */
export const RESTRICTED_LEARNER_FIELDS: readonly string[] = ['id', 'name', 'nip'];

export function presentLearner<L extends LearnerRow & { institutionPath: string }>(
  viewer: Viewer,
  learner: L,
): Omit<L, 'institutionPath'> & LearnerView {
  const { institutionPath: _path, ...row } = learner;
  if (policy.canReadLearner(viewer, learner)) return { ...row, access: 'full' };
  return { ...row, nip: maskNip(row.nip), email: null, positionId: null, access: 'restricted' };
}

/** Only `presentLearner` says 'full': a row that came another way counts as restricted. */
export const isFullLearnerView = (source: unknown): boolean => (source as Partial<LearnerView> | null)?.access === 'full';

/** PNS and PPPK are ASN; a NON_ASN participant's group is OTHER until an admin says which. */
export const participantCategoryOf = (learner: Pick<LearnerRow, 'participantCategory' | 'employmentType'>): ParticipantCategoryName =>
  learner.participantCategory ?? (learner.employmentType === 'NON_ASN' ? 'OTHER' : 'ASN');
