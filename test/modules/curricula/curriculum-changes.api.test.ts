import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { seedBasics, upsertFramework } from '../competencies/fixtures';
import { curriculumInput, syncCurricula, upsertCurriculum } from './curriculum-fixtures';

let t: TestApp;
let sync: string;
beforeAll(async () => {
  t = await startTestApp();
  const { nips } = await seedBasics(t, 1);
  await upsertFramework(t);
  sync = await t.token('SYNC_CLIENT', { institutionCode: 'KAB' });
  learner = await t.token('LEARNER', { nip: nips[0] });
});
afterAll(() => t.close());
let learner: string;

interface ChangePage {
  edges: { cursor: string; node: { sequence: number; changeType: string; curriculum: { code: string; revision: number } } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const page = async (after: string | null, first = 100): Promise<ChangePage> =>
  dataOf(await t.gql(op('CurriculumChanges'), { after, first }, sync)).curriculumChanges;

/** Follows the feed from `after` to its current end, as a polling client does. */
async function drain(after: string | null, first: number) {
  const seen: ChangePage['edges'] = [];
  let cursor = after;
  for (;;) {
    const p = await page(cursor, first);
    seen.push(...p.edges);
    cursor = p.pageInfo.endCursor ?? cursor;
    if (!p.pageInfo.hasNextPage) return { seen, cursor };
  }
}

const dbSequences = () =>
  (t.app.db.readRaw.prepare('SELECT sequence FROM curriculum_changes ORDER BY sequence').all() as { sequence: number }[]).map((r) => r.sequence);

describe('curriculumChanges', () => {
  it('lists CREATED, UPDATED and RETIRED in order, and resuming from the last cursor continues', async () => {
    await upsertCurriculum(t, curriculumInput('FEED'));
    const start = await drain(null, 100);
    expect(start.seen.map((e) => [e.node.changeType, e.node.curriculum.code])).toEqual([['CREATED', 'FEED']]);

    const idle = await page(start.cursor);
    expect(idle.edges).toEqual([]);
    expect(idle.pageInfo.endCursor).toBe(start.cursor);

    await upsertCurriculum(t, curriculumInput('FEED', { title: 'v2' }));
    await upsertCurriculum(t, curriculumInput('FEED', { title: 'v2', status: 'RETIRED' }));
    await upsertCurriculum(t, curriculumInput('FEED', { title: 'v2', status: 'RETIRED' }));
    const next = await drain(start.cursor, 1);
    expect(next.seen.map((e) => e.node.changeType)).toEqual(['UPDATED', 'RETIRED']);
    expect(next.seen[1].node.curriculum).toMatchObject({ code: 'FEED', revision: 3 });
    expect(next.seen[0].node.sequence).toBeGreaterThan(start.seen[0].node.sequence);
  });

  it('needs a token of an admin or sync client', async () => {
    expect((await t.gql(op('CurriculumChanges'), {}, null)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(op('CurriculumChanges'), {}, learner)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(op('CurriculumChanges'), { after: 'garbage' }, sync)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives a reader paging while writers write every change exactly once, in order', async () => {
    const { cursor: from } = await drain(null, 100);
    const before = new Set(dbSequences());
    const writers = Array.from({ length: 4 }, (_, w) =>
      (async () => {
        for (let round = 0; round < 6; round++) {
          const batch = Array.from({ length: 5 }, (_, i) => curriculumInput(`CC-${w}-${i}`, { title: `round ${round}` }));
          const r = await syncCurricula(t, { curricula: batch }, sync);
          expect(r.results.every((x: { outcome: string }) => x.outcome === (round === 0 ? 'CREATED' : 'UPDATED'))).toBe(true);
        }
      })(),
    );
    let writing = true;
    const done = Promise.all(writers).finally(() => {
      writing = false;
    });
    const seen: number[] = [];
    let cursor = from;
    while (writing) {
      const p = await page(cursor, 7);
      seen.push(...p.edges.map((e) => e.node.sequence));
      cursor = p.pageInfo.endCursor ?? cursor;
    }
    await done;
    const rest = await drain(cursor, 7);
    seen.push(...rest.seen.map((e) => e.node.sequence));

    const written = dbSequences().filter((s) => !before.has(s));
    expect(written).toHaveLength(4 * 6 * 5);
    expect(seen).toEqual(written);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
  });
});
