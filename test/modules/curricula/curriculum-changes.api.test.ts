import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { sqlRows } from '../../support/sql';
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
  edges: { cursor: string; node: { sequence: number; changeType: string; revision?: number; curriculum: { code: string; revision: number } } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const page = async (after: string | null, first = 100, token = sync, document = op('CurriculumChanges')): Promise<ChangePage> =>
  dataOf(await t.gql(document, { after, first }, token)).curriculumChanges;

/** Follows the feed from `after` to its current end, as a polling client does. */
async function drain(after: string | null, first: number, token = sync, document?: string) {
  const seen: ChangePage['edges'] = [];
  let cursor = after;
  for (;;) {
    const p = await page(cursor, first, token, document);
    seen.push(...p.edges);
    cursor = p.pageInfo.endCursor ?? cursor;
    if (!p.pageInfo.hasNextPage) return { seen, cursor };
  }
}

const dbSequences = async () => (await sqlRows<{ sequence: number }>(t.app.db, 'SELECT sequence FROM curriculum_changes ORDER BY sequence')).map((r) => r.sequence);

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
    const before = new Set(await dbSequences());
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

    const written = (await dbSequences()).filter((s) => !before.has(s));
    expect(written).toHaveLength(4 * 6 * 5);
    expect(seen).toEqual(written);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
  });
});

describe('drafts in the feed', () => {
  let outsider: string;
  beforeAll(async () => {
    outsider = await t.token('SYNC_CLIENT', { institutionCode: 'OTHER' });
  });
  const codesOf = (edges: ChangePage['edges']) => edges.map((e) => e.node.curriculum.code);
  const totalCount = async (token: string) =>
    dataOf(await t.gql('{ curriculumChanges(first: 1) { totalCount } }', {}, token)).curriculumChanges.totalCount as number;
  const FULL = `query($after: String) { curriculumChanges(after: $after, first: 100) {
    edges { node { curriculum { code title description modules { title } outcomes { statement } } } } } }`;

  it("hides other institutions' drafts, nested fields included, and pages and counts only what the caller may see", async () => {
    const from = (await drain(null, 100, outsider)).cursor;
    const secret = { title: 'Rahasia', description: 'Draf rahasia', modules: [{ code: 'M1', title: 'Modul rahasia', jp: 4, deliveryMode: 'CLASSROOM', sequence: 1 }] };
    await upsertCurriculum(t, curriculumInput('SECRET', { ...secret, status: 'DRAFT' }), {}, sync);
    await upsertCurriculum(t, curriculumInput('OPEN-1'), {}, sync);
    await upsertCurriculum(t, curriculumInput('SECRET', { ...secret, status: 'DRAFT', title: 'Rahasia 2' }), {}, sync);
    await upsertCurriculum(t, curriculumInput('OPEN-2'), {}, sync);
    await upsertCurriculum(t, curriculumInput('SECRET-2', { ...secret, status: 'DRAFT' }), {}, sync);

    for (const first of [1, 2, 100]) expect(codesOf((await drain(from, first, outsider)).seen)).toEqual(['OPEN-1', 'OPEN-2']);
    const everything = JSON.stringify(await t.gql(FULL, { after: null }, outsider));
    expect(everything).not.toMatch(/SECRET|Rahasia|rahasia/);
    expect(await totalCount(outsider)).toBe((await drain(null, 100, outsider)).seen.length);

    expect(codesOf((await drain(from, 2, sync)).seen)).toEqual(['SECRET', 'OPEN-1', 'SECRET', 'OPEN-2', 'SECRET-2']);
    expect(await totalCount(sync)).toBe((await dbSequences()).length);
    const parentAdmin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB' });
    const unitAdmin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'DINSOS' });
    expect(codesOf((await drain(from, 100, parentAdmin)).seen)).toContain('SECRET');
    expect(codesOf((await drain(from, 100, unitAdmin)).seen)).toEqual(['OPEN-1', 'OPEN-2']);
  });

  it("hands an outsider its own cursor back while only others' drafts change", async () => {
    const { cursor } = await drain(null, 100, outsider);
    await upsertCurriculum(t, curriculumInput('SECRET', { status: 'DRAFT', title: 'Rahasia 3' }), {}, sync);
    const idle = await page(cursor, 100, outsider);
    expect(idle).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: cursor } });
    await upsertCurriculum(t, curriculumInput('OPEN-3'), {}, sync);
    expect(codesOf((await drain(cursor, 100, outsider)).seen)).toEqual(['OPEN-3']);
  });

  it('shows an outsider a draft from the change that published it on, never the changes made while it was a draft', async () => {
    const from = (await drain(null, 100, outsider)).cursor;
    const ownFrom = (await drain(null, 100, sync)).cursor;
    await upsertCurriculum(t, curriculumInput('LATER', { status: 'DRAFT' }), {}, sync);
    await upsertCurriculum(t, curriculumInput('LATER', { status: 'DRAFT', title: 'Draft 2' }), {}, sync);
    await upsertCurriculum(t, curriculumInput('LATER', { title: 'Published' }), {}, sync);
    await upsertCurriculum(t, curriculumInput('LATER', { title: 'Published 2' }), {}, sync);
    const WITH_REVISIONS = `query($after: String, $first: Int) { curriculumChanges(after: $after, first: $first) {
      edges { cursor node { sequence changeType revision curriculum { code revision } } } pageInfo { hasNextPage endCursor } } }`;
    const entries = async (after: string | null, first: number, token: string) =>
      (await drain(after, first, token, WITH_REVISIONS)).seen
        .filter((e) => e.node.curriculum.code === 'LATER')
        .map((e) => [e.node.changeType, e.node.revision, e.node.curriculum.revision]);

    const published = [
      ['UPDATED', 3, 4],
      ['UPDATED', 4, 4],
    ];
    expect(await entries(from, 1, outsider)).toEqual(published);
    expect(await entries(null, 100, outsider)).toEqual(published);
    expect(await entries(ownFrom, 100, sync)).toEqual([['CREATED', 1, 4], ['UPDATED', 2, 4], ...published]);
  });

  it('drops a curriculum put back to DRAFT from outsiders\' feed, as from the catalogue, and shows a retirement', async () => {
    await upsertCurriculum(t, curriculumInput('LATER', { status: 'DRAFT', title: 'Withdrawn' }), {}, sync);
    await upsertCurriculum(t, curriculumInput('OPEN-3', { status: 'RETIRED' }), {}, sync);
    const { seen } = await drain(null, 100, outsider);
    expect(codesOf(seen)).not.toContain('LATER');
    expect(dataOf(await t.gql(op('CurriculumByCode'), { code: 'LATER', version: 1 }, outsider)).curriculum).toBeNull();
    expect(seen.at(-1)?.node).toMatchObject({ changeType: 'RETIRED', curriculum: { code: 'OPEN-3', status: 'RETIRED' } });
  });
});
