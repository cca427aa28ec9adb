import { and, asc, desc, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import type { Database } from '../../db/database';
import { paginate, type Page, type PageArgs } from '../../db/paginate';
import { events, type EventRow, type EventTypeName } from '../../db/schema';
import type { InstitutionService } from '../institutions/institution.service';
import { eventsVisibleIn } from './visibility';

/** Sequence numbers in a scoped reader's first window; each next window is four times wider. */
const FIRST_WINDOW = 4096;

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
   * those `eventsVisibleIn` the viewer's subtree. An empty page hands the caller's cursor back as endCursor.
   */
  async list(viewer: Viewer, filter: EventFilter | null | undefined, args: PageArgs): Promise<Page<FeedEvent>> {
    const code = filter?.institutionCode;
    const given = code != null;
    const scope = policy.eventScope(viewer, given ? ((await this.institutions.findByCode(code)) ?? null) : null, given);
    const where = and(
      scope.kind === 'all' ? undefined : eventsVisibleIn(scope.path),
      filter?.types?.length ? inArray(events.type, filter.types) : undefined,
    );
    const page = await paginate(args, {
      rows: (query) => (scope.kind === 'all' ? this.rows(and(where, query.after), query.limit) : this.rowsInWindows(where, query.after, query.limit)),
      order: [{ column: events.sequence, direction: 'asc', value: (r) => r.sequence }],
      count: async () => (await this.db.read.select({ n: sql<number>`count(*)` }).from(events).where(where).get())!.n,
    });
    if (page.edges.length === 0 && args.after) page.pageInfo.endCursor = args.after;
    return page;
  }

  private async rows(where: SQL | undefined, limit: number): Promise<FeedEvent[]> {
    return (await this.db.read.select().from(events).where(where).orderBy(asc(events.sequence)).limit(limit).all()).map((r) => ({ ...r, id: r.eventId }));
  }

  /**
   * A scoped page read through the institution indexes, in growing windows of
   * sequence numbers: each window sorts only its own events in scope, so a
   * reader catching up on a long backlog pays for its page, not for the
   * whole backlog after its cursor (which one ordered query would sort).
   */
  private async rowsInWindows(scoped: SQL | undefined, after: SQL | undefined, limit: number): Promise<FeedEvent[]> {
    // Two lookups at the ends of the primary key; min() and max() in one SELECT would scan between them.
    const first = await this.db.read.select({ sequence: events.sequence }).from(events).where(after).orderBy(asc(events.sequence)).limit(1).get();
    const last = await this.db.read.select({ sequence: events.sequence }).from(events).orderBy(desc(events.sequence)).limit(1).get();
    const bounds = first && last ? { from: first.sequence, last: last.sequence } : null;
    if (bounds?.from == null || bounds.last == null) return [];
    const found: FeedEvent[] = [];
    let from = bounds.from;
    for (let width = FIRST_WINDOW; from <= bounds.last && found.length < limit; from += width, width *= 4) {
      const window = and(scoped, after, gte(events.sequence, from), lt(events.sequence, from + width));
      found.push(...(await this.rows(window, limit - found.length)));
    }
    return found;
  }
}
