import { or, type SQL } from 'drizzle-orm';
import { events } from '../../db/schema';
import { inSubtree } from '../institutions/list-scope';

/**
 * The events an institution subtree sees: its learners' (or curricula's)
 * events, and those where it is the second institution that also sees one
 * (a certificate's issuer, the institution a moved learner left). The feed and the webhook subscriptions both ask this.
 */
export const eventsVisibleIn = (path: string): SQL => or(inSubtree(events.institutionId, path), inSubtree(events.alsoInstitutionId, path))!;
