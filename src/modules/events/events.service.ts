import { and, inArray, sql } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import type { Database } from '../../db/database';
import { paginate, type Page, type PageArgs } from '../../db/paginate';
import { events, type EventRow, type EventTypeName } from '../../db/schema';
import type { InstitutionService } from '../institutions/institution.service';
import { eventsVisibleIn } from './visibility';

/** An outbox row as the feed hands it out: `id` is the stable event id. */
export type FeedEvent = EventRow & { id: string };

export interface EventFilter {
  types?: EventTypeName[] | null;
  institutionCode?: string | null;
}

/** Reads the outbox as a feed; the outbox writer is `outbox.ts`. */
export class EventService {
  constructor(
    private readonly db: Database,
    private readonly institutions: InstitutionService,
  ) {}

  /**
   * Events the viewer may see after a cursor, in sequence (commit) order:
   * those of institutions in scope, and certificate events of issuers in
   * scope. An empty page hands the caller's cursor back as endCursor.
   */
  list(viewer: Viewer, filter: EventFilter | null | undefined, args: PageArgs): Page<FeedEvent> {
    const code = filter?.institutionCode;
    const given = code != null;
    const scope = policy.eventScope(viewer, given ? (this.institutions.findByCode(code) ?? null) : null, given);
    const where = and(
      scope.kind === 'all' ? undefined : eventsVisibleIn(scope.path),
      filter?.types?.length ? inArray(events.type, filter.types) : undefined,
    );
    const page = paginate(args, {
      rows: (query) => this.db.read.select().from(events).where(and(where, query.after)).orderBy(...query.orderBy).limit(query.limit).all().map((r) => ({ ...r, id: r.eventId })),
      order: [{ column: events.sequence, direction: 'asc', value: (r) => r.sequence }],
      count: () => this.db.read.select({ n: sql<number>`count(*)` }).from(events).where(where).get()!.n,
    });
    if (page.edges.length === 0 && args.after) page.pageInfo.endCursor = args.after;
    return page;
  }
}
