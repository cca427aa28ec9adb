import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SYSTEM } from '../../../src/auth/viewer';
import type { Database } from '../../../src/db/database';
import type { InstitutionRow } from '../../../src/db/schema';
import type { Services } from '../../../src/composition/services';
import { openServices, unwrap, viewerOf } from '../../support/services';

/**
 * A scoped reader of a long outbox in which its own events are sparse: the
 * feed reads it in growing windows of sequence numbers, and must still hand
 * out each of its events exactly once, in order, with none of anyone else's.
 */
let db: Database;
let services: Services;
let mine: InstitutionRow;
let other: InstitutionRow;

beforeAll(async () => {
  ({ db, services } = await openServices());
  mine = unwrap('MINE', await services.institutions.create(SYSTEM, { code: 'MINE', name: 'Mine', kind: 'GOVERNMENT_UNIT' }));
  other = unwrap('OTHER', await services.institutions.create(SYSTEM, { code: 'OTHER', name: 'Other', kind: 'GOVERNMENT_UNIT' }));
  // 60,000 events; the reader's own are every 997th (its learners') and every 7,919th (where it also sees one).
  await db.write(async (tx) => {
    await tx.run(sql`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
      INSERT INTO events (type, occurred_at, institution_id, also_institution_id, payload)
      SELECT 'LEARNER_CHANGED', 0, CASE WHEN i % 997 = 0 THEN CAST(${mine.id} AS bigint) ELSE CAST(${other.id} AS bigint) END,
        CASE WHEN i % 7919 = 0 THEN CAST(${mine.id} AS bigint) END, '{"i":' || i || '}'
      FROM n ORDER BY i`);
  });
});
afterAll(() => db.close());

describe('the scoped event feed over a long, sparse backlog', () => {
  it('hands out every event the reader sees once, in sequence order, resuming from each endCursor', async () => {
    const viewer = viewerOf('EVENT_READER', { institution: mine });
    const seen: number[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 1000; pages++) {
      const page = await services.events.list(viewer, null, { first: 7, after });
      seen.push(...page.edges.map((e) => (e.node.payload as { i: number }).i));
      after = page.pageInfo.endCursor ?? after;
      if (!page.pageInfo.hasNextPage) break;
    }
    const expected = Array.from({ length: 60000 }, (_, k) => k + 1).filter((i) => i % 997 === 0 || i % 7919 === 0);
    expect(seen).toEqual(expected);
    expect((await services.events.list(viewer, null, { first: 7, after })).pageInfo.endCursor).toBe(after);
  });

  it('counts the same events it hands out', async () => {
    const page = await services.events.list(viewerOf('EVENT_READER', { institution: mine }), null, { first: 1 });
    expect(await page.totalCount).toBe(Array.from({ length: 60000 }, (_, k) => k + 1).filter((i) => i % 997 === 0 || i % 7919 === 0).length);
  });
});
