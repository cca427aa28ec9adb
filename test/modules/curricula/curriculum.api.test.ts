import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { sqlRows } from '../../support/sql';
import { count, seedBasics, statementsOf, upsertFramework } from '../competencies/fixtures';
import { curriculumInput, syncCurricula, upsertCurriculum } from './curriculum-fixtures';

let t: TestApp;
let kabSync: string;
let otherSync: string;
beforeAll(async () => {
  t = await startTestApp();
  await seedBasics(t, 1);
  await upsertFramework(t);
  kabSync = await t.token('SYNC_CLIENT', { institutionCode: 'KAB' });
  otherSync = await t.token('SYNC_CLIENT', { institutionCode: 'OTHER' });
});
afterAll(() => t.close());

const changesOf = (code: string) =>
  count(t, `curriculum_changes WHERE curriculum_id IN (SELECT id FROM curricula WHERE code = '${code}')`);

describe('upsertCurriculum', () => {
  it('creates revision 1, then UNCHANGED writes nothing, then UPDATED adds one revision and one change', async () => {
    const created = await upsertCurriculum(t, curriculumInput('APK'), {}, kabSync);
    expect(created).toMatchObject({
      outcome: 'CREATED',
      userErrors: [],
      curriculum: { code: 'APK', version: 1, revision: 1, status: 'PUBLISHED', totalJp: 24, owner: { code: 'KAB' } },
    });
    expect(await changesOf('APK')).toBe(1);

    const again = await upsertCurriculum(t, curriculumInput('APK'), {}, kabSync);
    expect(again.outcome).toBe('UNCHANGED');
    expect(again.curriculum).toEqual(created.curriculum);
    expect(await changesOf('APK')).toBe(1);

    const reordered = curriculumInput('APK');
    reordered.outcomes.reverse();
    expect((await upsertCurriculum(t, reordered, {}, kabSync)).outcome).toBe('UNCHANGED');

    const updated = await upsertCurriculum(t, curriculumInput('APK', { title: 'Akademi Pengentasan Kemiskinan' }), {}, kabSync);
    expect(updated).toMatchObject({ outcome: 'UPDATED', curriculum: { revision: 2, title: 'Akademi Pengentasan Kemiskinan' } });
    expect(await changesOf('APK')).toBe(2);
  });

  it('reports CONFLICT for a stale expectedRevision and writes nothing', async () => {
    await upsertCurriculum(t, curriculumInput('CONF'));
    const stale = await upsertCurriculum(t, curriculumInput('CONF', { title: 'New' }), { expectedRevision: 5 });
    expect(stale.outcome).toBe('CONFLICT');
    expect(stale.userErrors).toEqual([expect.objectContaining({ field: ['expectedRevision'], code: 'REVISION_CONFLICT' })]);
    expect(stale.curriculum).toMatchObject({ revision: 1, title: 'Kurikulum CONF' });
    expect(await changesOf('CONF')).toBe(1);
    const fresh = await upsertCurriculum(t, curriculumInput('CONF', { title: 'New' }), { expectedRevision: 1 });
    expect(fresh).toMatchObject({ outcome: 'UPDATED', curriculum: { revision: 2, title: 'New' } });
    const mustBeNew = await upsertCurriculum(t, curriculumInput('CONF'), { expectedRevision: 0 });
    expect(mustBeNew.outcome).toBe('CONFLICT');
  });

  it('reports every problem as INVALID and writes nothing', async () => {
    const before = await count(t, 'curricula');
    const r = await upsertCurriculum(
      t,
      curriculumInput('BAD', {
        outcomes: [
          { code: 'LO1', statement: 'a', competencyCode: 'NOPE', targetLevel: 3 },
          { code: 'LO1', statement: 'b', competencyCode: 'TPK.01', targetLevel: 3 },
        ],
        modules: [
          { code: 'M1', title: 'x', jp: 0, deliveryMode: 'CLASSROOM', sequence: 1, outcomeCodes: ['LO9'] },
          { code: 'M1', title: 'y', jp: 2, deliveryMode: 'CLASSROOM', sequence: 2 },
        ],
      }),
    );
    expect(r.outcome).toBe('INVALID');
    expect(r.curriculum).toBeNull();
    const got = r.userErrors.map((e: { field: string[]; code: string }) => `${e.field.join('.')}:${e.code}`).sort();
    expect(got).toEqual(
      [
        'outcomes.1.code:DUPLICATE',
        'modules.0.jp:OUT_OF_RANGE',
        'modules.0.outcomeCodes.0:NOT_FOUND',
        'modules.1.code:DUPLICATE',
      ].sort(),
    );
    const unknown = await upsertCurriculum(t, curriculumInput('BAD', { outcomes: [{ code: 'LO1', statement: 'a', competencyCode: 'NOPE', targetLevel: 3 }], modules: [] }));
    expect(unknown.userErrors).toEqual([expect.objectContaining({ field: ['outcomes', '0', 'competencyCode'], code: 'NOT_FOUND' })]);
    expect(await count(t, 'curricula')).toBe(before);
  });

  it("lets a sync client write only its own institution's curricula", async () => {
    const denied = await t.gql(op('UpsertCurriculum'), { input: curriculumInput('APK', { title: 'Hijack' }) }, otherSync);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const moved = await t.gql(op('UpsertCurriculum'), { input: curriculumInput('APK', { ownerCode: 'OTHER' }) }, otherSync);
    expect(moved.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const learner = await t.gql(op('UpsertCurriculum'), { input: curriculumInput('L') }, null);
    expect(learner.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await count(t, "curricula WHERE code = 'APK' AND title = 'Hijack'")).toBe(0);
  });

  it('answers a repeated idempotency key with the first answer, per token', async () => {
    const first = await upsertCurriculum(t, curriculumInput('IDEM'), { idempotencyKey: 'k-1' }, kabSync);
    expect(first.outcome).toBe('CREATED');
    const repeat = await upsertCurriculum(t, curriculumInput('IDEM', { title: 'Changed' }), { idempotencyKey: 'k-1' }, kabSync);
    expect(repeat).toEqual(first);
    expect(await count(t, "curricula WHERE code = 'IDEM' AND title = 'Changed'")).toBe(0);
    expect(await changesOf('IDEM')).toBe(1);
    const otherToken = await t.token('SYNC_CLIENT', { institutionCode: 'KAB' });
    const separate = await upsertCurriculum(t, curriculumInput('IDEM', { title: 'Changed' }), { idempotencyKey: 'k-1' }, otherToken);
    expect(separate).toMatchObject({ outcome: 'UPDATED', curriculum: { revision: 2 } });
  });
});

describe('syncCurricula', () => {
  it('gives each item its own outcome; a bad item blocks none of the others', async () => {
    await upsertCurriculum(t, curriculumInput('S-SAME'));
    await upsertCurriculum(t, curriculumInput('S-STALE'));
    const r = await syncCurricula(
      t,
      {
        curricula: [
          curriculumInput('S-NEW'),
          curriculumInput('S-SAME'),
          { ...curriculumInput('S-STALE', { title: 'x' }), expectedRevision: 3 },
          curriculumInput('S-BAD', { modules: [{ code: 'M', title: 'M', jp: -1, deliveryMode: 'WEBINAR', sequence: 1 }] }),
          curriculumInput('S-OTHER', { ownerCode: 'OTHER' }),
          curriculumInput('S-NEW'),
        ],
      },
      kabSync,
    );
    expect(r.results.map((x: { code: string; outcome: string }) => `${x.code}:${x.outcome}`)).toEqual([
      'S-NEW:CREATED',
      'S-SAME:UNCHANGED',
      'S-STALE:CONFLICT',
      'S-BAD:INVALID',
      'S-OTHER:INVALID',
      'S-NEW:INVALID',
    ]);
    expect(r.results[0].curriculum).toEqual({ revision: 1 });
    expect(r.results[2].userErrors[0]).toMatchObject({ field: ['curricula', '2', 'expectedRevision'], code: 'REVISION_CONFLICT' });
    expect(r.results[3].userErrors[0]).toMatchObject({ field: ['curricula', '3', 'modules', '0', 'jp'], code: 'OUT_OF_RANGE' });
    expect(r.results[4].userErrors[0]).toMatchObject({ field: ['curricula', '4', 'ownerCode'], code: 'FORBIDDEN' });
    expect(r.results[5].userErrors[0]).toMatchObject({ code: 'DUPLICATE' });
    expect(await count(t, "curricula WHERE code IN ('S-BAD', 'S-OTHER')")).toBe(0);
    expect(await changesOf('S-SAME')).toBe(1);
  });

  it('writes nothing on a dry run', async () => {
    const before = await count(t, 'curriculum_changes');
    const r = await syncCurricula(t, { dryRun: true, curricula: [curriculumInput('DRY')] });
    expect(r).toMatchObject({ dryRun: true, results: [{ code: 'DRY', outcome: 'CREATED', curriculum: null }] });
    expect(await count(t, "curricula WHERE code = 'DRY'")).toBe(0);
    expect(await count(t, 'curriculum_changes')).toBe(before);
  });

  it('keeps module and outcome rows that an update keeps, and drops those it leaves out', async () => {
    await upsertCurriculum(t, curriculumInput('KEEP'));
    const ids = () =>
      sqlRows<{ code: string; id: number }>(t.app.db, "SELECT m.code, m.id FROM curriculum_modules m JOIN curricula c ON c.id = m.curriculum_id WHERE c.code = 'KEEP' ORDER BY m.code");
    const before = await ids();
    const input = curriculumInput('KEEP');
    input.modules = [{ ...input.modules[1], sequence: 1, outcomeCodes: ['LO2'] }];
    expect((await syncCurricula(t, { curricula: [input] })).results[0]).toMatchObject({ outcome: 'UPDATED', curriculum: { revision: 2 } });
    expect(await ids()).toEqual(before.filter((m) => m.code === 'M2'));
    const got = dataOf(await t.gql(op('CurriculumByCode'), { code: 'KEEP' }, null)).curriculum;
    expect(got.modules).toEqual([{ code: 'M2', title: 'Proyek lapangan', jp: 16, deliveryMode: 'FIELD_PROJECT', sequence: 1, outcomes: [{ code: 'LO2' }] }]);
    expect(got.totalJp).toBe(16);
  });

  it('answers a repeated idempotency key with the first answer', async () => {
    const first = await syncCurricula(t, { idempotencyKey: 'batch-1', curricula: [curriculumInput('IB1')] });
    const repeat = await syncCurricula(t, { idempotencyKey: 'batch-1', curricula: [curriculumInput('IB1', { title: 'x' }), curriculumInput('IB2')] });
    expect(repeat).toEqual(first);
    expect(await count(t, "curricula WHERE code = 'IB2'")).toBe(0);
  });
});

describe('catalogue', () => {
  it('serves one curriculum without a token: the latest published version when none is named', async () => {
    await upsertCurriculum(t, curriculumInput('CAT', { version: 1 }));
    await upsertCurriculum(t, curriculumInput('CAT', { version: 2, title: 'Kurikulum CAT v2' }));
    await upsertCurriculum(t, curriculumInput('CAT', { version: 3, status: 'DRAFT' }));
    const latest = dataOf(await t.gql(op('CurriculumByCode'), { code: 'CAT' }, null)).curriculum;
    expect(latest).toMatchObject({ code: 'CAT', version: 2, approach: 'OUTCOME_BASED', owner: { code: 'KAB', name: 'Kabupaten' } });
    expect(latest.outcomes).toEqual([
      { code: 'LO1', statement: 'Menganalisis data kemiskinan', targetLevel: 3, competency: { code: 'TPK.01' } },
      { code: 'LO2', statement: 'Merancang program pemberdayaan', targetLevel: 2, competency: { code: 'TPK.02' } },
    ]);
    expect(latest.modules.map((m: { code: string; outcomes: { code: string }[] }) => [m.code, m.outcomes.map((o) => o.code)])).toEqual([
      ['M1', ['LO1']],
      ['M2', ['LO1', 'LO2']],
    ]);
    expect(dataOf(await t.gql(op('CurriculumByCode'), { code: 'CAT', version: 3 }, null)).curriculum).toBeNull();
    expect(dataOf(await t.gql(op('CurriculumByCode'), { code: 'CAT', version: 3 }, kabSync)).curriculum.status).toBe('DRAFT');
    expect(dataOf(await t.gql(op('CurriculumByCode'), { code: 'CAT', version: 3 }, otherSync)).curriculum).toBeNull();
  });

  const CATALOG = `query($filter: CurriculumFilter, $first: Int, $after: String) {
    curricula(filter: $filter, first: $first, after: $after) {
      totalCount
      edges { node { code version title totalJp owner { code name } outcomes { code targetLevel competency { code name } } modules { code jp sequence } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  it('filters by status, competency, owner and words, and pages by (code, version)', async () => {
    await upsertFramework(t, { code: 'MAN', name: 'Manajerial', version: 1, competencies: [{ code: 'M.01', name: 'Integritas', group: 'MANAGERIAL', levels: [{ level: 1, description: 'x' }] }] });
    await upsertCurriculum(
      t,
      curriculumInput('INTEG', {
        ownerCode: 'OTHER',
        title: 'Integritas ASN',
        outcomes: [{ code: 'LO1', statement: 'Jujur', competencyCode: 'M.01', targetLevel: 2 }],
        modules: [{ code: 'M1', title: 'Etika', jp: 4, deliveryMode: 'E_LEARNING', sequence: 1 }],
      }),
    );
    const list = async (filter: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      dataOf(await t.gql(CATALOG, { filter, ...extra }, null)).curricula;
    const byCompetency = await list({ status: 'PUBLISHED', competencyCode: 'M.01' });
    expect(byCompetency.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(['INTEG']);
    expect(byCompetency.totalCount).toBe(1);
    expect((await list({ ownerCode: 'other' })).edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(['INTEG']);
    expect((await list({ search: 'integritas asn' })).totalCount).toBe(1);
    expect((await list({ search: '100%' })).totalCount).toBe(0);
    // A NUL: a code with one names nothing; a word is read up to it, as SQLite's LIKE reads its pattern (so it must end the text).
    expect((await list({ ownerCode: 'other\u0000' })).totalCount).toBe(0);
    expect((await list({ competencyCode: 'M.01\u0000' })).totalCount).toBe(0);
    const codesOf = (page: { edges: { node: { code: string } }[] }) => page.edges.map((e) => e.node.code);
    expect(codesOf(await list({ search: 'asn\u0000x' }, { first: 100 }))).toContain('INTEG');
    expect(codesOf(await list({ search: 'integritas\u0000' }, { first: 100 }))).not.toContain('INTEG');
    const drafts = await list({ status: 'DRAFT' });
    expect(drafts.totalCount).toBe(0);

    const all = await list({ status: 'PUBLISHED' }, { first: 100 });
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { edges: { node: { code: string; version: number } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = await list(
        { status: 'PUBLISHED' },
        { first: 3, after },
      );
      seen.push(...page.edges.map((e) => `${e.node.code}@${e.node.version}`));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all.edges.map((e: { node: { code: string; version: number } }) => `${e.node.code}@${e.node.version}`));
    expect(seen.length).toBe(all.totalCount);
  });

  it('costs the same number of statements for a page of 2 and a page of 20', async () => {
    for (let i = 0; i < 20; i++) await upsertCurriculum(t, curriculumInput(`PG-${String(i).padStart(2, '0')}`));
    const statements = (first: number) =>
      statementsOf(t, async () => expect(dataOf(await t.gql(CATALOG, { filter: { search: 'PG-' }, first }, null)).curricula.edges).toHaveLength(first));
    expect(await statements(20)).toBe(await statements(2));
  });

  it('refetches a curriculum by global id', async () => {
    const { id } = dataOf(await t.gql(op('CurriculumByCode'), { code: 'APK' }, null)).curriculum;
    const r = dataOf(await t.gql('query($id: ID!) { node(id: $id) { id __typename ... on Curriculum { code version title } } }', { id }));
    expect(r.node).toMatchObject({ id, __typename: 'Curriculum', code: 'APK', version: 1 });
  });
});
