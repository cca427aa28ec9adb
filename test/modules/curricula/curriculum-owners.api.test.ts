import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curricula, curriculumCodes } from '../../../src/db/schema';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { sqlRow, sqlRows } from '../../support/sql';
import { count, seedBasics, upsertFramework } from '../competencies/fixtures';
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

const byCode = async (code: string, version?: number) => dataOf(await t.gql(op('CurriculumByCode'), { code, version }, null)).curriculum;
const versionsOf = (code: string) =>
  sqlRows(t.app.db, 'SELECT c.version, i.code AS owner FROM curricula c JOIN institutions i ON i.id = c.owner_id WHERE c.code = ? ORDER BY c.version', code);

/** What a write that should be refused says: the database's error, found under the driver's wrapper where there is one ("Failed query: ..."). */
const refusal = (write: Promise<unknown>): Promise<string> =>
  write.then(
    () => 'written',
    (e: Error) => `${e.message} ${e.cause instanceof Error ? e.cause.message : ''}`,
  );

describe('one owner per curriculum code', () => {
  it("refuses another institution's version of an existing code, and the owner's catalogue and cohorts stay its own", async () => {
    await upsertCurriculum(t, curriculumInput('APK-PROBOLINGGO', { version: 1 }), {}, kabSync);
    await upsertCurriculum(t, curriculumInput('APK-PROBOLINGGO', { version: 2, title: 'Akademi v2' }), {}, kabSync);

    const squat = await t.gql(op('UpsertCurriculum'), { input: curriculumInput('APK-PROBOLINGGO', { version: 3, ownerCode: 'OTHER', title: 'Squat' }) }, otherSync);
    expect(squat.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(squat.data?.upsertCurriculum ?? null).toBeNull();
    expect(await versionsOf('APK-PROBOLINGGO')).toEqual([
      { version: 1, owner: 'KAB' },
      { version: 2, owner: 'KAB' },
    ]);

    expect(await byCode('APK-PROBOLINGGO')).toMatchObject({ version: 2, title: 'Akademi v2', owner: { code: 'KAB' } });
    const admin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB' });
    const cohort = dataOf(
      await t.gql(
        op('CreateCohort'),
        { input: { code: 'APK-2026', name: 'Akademi 2026', curriculumCode: 'APK-PROBOLINGGO', institutionCode: 'KAB', startDate: '2026-02-02' } },
        admin,
      ),
    ).createCohort;
    expect(cohort).toMatchObject({ userErrors: [], cohort: { curriculum: { code: 'APK-PROBOLINGGO', version: 2 } } });
  });

  it('refuses it from SUPERADMIN too: an owner is not changed by writing one version', async () => {
    const moved = await t.gql(op('UpsertCurriculum'), { input: curriculumInput('APK-PROBOLINGGO', { version: 2, ownerCode: 'OTHER', title: 'Akademi v2' }) });
    expect(moved.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await versionsOf('APK-PROBOLINGGO')).toEqual([
      { version: 1, owner: 'KAB' },
      { version: 2, owner: 'KAB' },
    ]);
  });

  it('in a batch refuses only the squatting item, as FORBIDDEN at its ownerCode', async () => {
    const r = await syncCurricula(
      t,
      {
        curricula: [
          curriculumInput('APK-PROBOLINGGO', { version: 4, ownerCode: 'OTHER' }),
          curriculumInput('OTHER-OWN', { ownerCode: 'OTHER' }),
          curriculumInput('APK-PROBOLINGGO', { version: 1, ownerCode: 'OTHER' }),
        ],
      },
      otherSync,
    );
    expect(r.results.map((x: { outcome: string }) => x.outcome)).toEqual(['INVALID', 'CREATED', 'INVALID']);
    expect(r.results[0].userErrors).toEqual([expect.objectContaining({ field: ['curricula', '0', 'ownerCode'], code: 'FORBIDDEN' })]);
    expect(r.results[2].userErrors).toEqual([expect.objectContaining({ field: ['curricula', '2', 'ownerCode'], code: 'FORBIDDEN' })]);
    expect(await versionsOf('APK-PROBOLINGGO')).toHaveLength(2);
  });

  it('lets the first written version of a new code claim it within the same batch, dry run or not', async () => {
    const batch = {
      curricula: [
        curriculumInput('NEW-CODE', { version: 1, ownerCode: 'OTHER', modules: [{ code: 'M', title: 'M', jp: 0, deliveryMode: 'WEBINAR', sequence: 1 }] }),
        curriculumInput('NEW-CODE', { version: 2, ownerCode: 'KAB' }),
        curriculumInput('NEW-CODE', { version: 3, ownerCode: 'OTHER' }),
        curriculumInput('NEW-CODE', { version: 4, ownerCode: 'KAB' }),
      ],
    };
    const outcomes = (r: { results: { outcome: string; userErrors: { code: string }[] }[] }) => r.results.map((x) => [x.outcome, x.userErrors.map((e) => e.code)]);
    const expected = [
      ['INVALID', ['OUT_OF_RANGE']],
      ['CREATED', []],
      ['INVALID', ['FORBIDDEN']],
      ['CREATED', []],
    ];
    expect(outcomes(await syncCurricula(t, { ...batch, dryRun: true }))).toEqual(expected);
    expect(await count(t, "curricula WHERE code = 'NEW-CODE'")).toBe(0);
    expect(outcomes(await syncCurricula(t, batch))).toEqual(expected);
    expect(await versionsOf('NEW-CODE')).toEqual([
      { version: 2, owner: 'KAB' },
      { version: 4, owner: 'KAB' },
    ]);
  });

  it('is enforced by the database for any writer, not only by the sync service', async () => {
    const other = (await sqlRow<{ id: number }>(t.app.db, "SELECT id FROM institutions WHERE code = 'OTHER'"))!;
    const row = { version: 9, revision: 1, title: 'x', ownerId: other.id, status: 'PUBLISHED', approach: 'OUTCOME_BASED', totalJp: 1, contentHash: 'x' } as const;
    expect(await refusal(t.app.db.write(async (tx) => tx.insert(curricula).values({ ...row, code: 'APK-PROBOLINGGO' }).run()))).toMatch(/another owner/);
    expect(await refusal(t.app.db.write(async (tx) => tx.insert(curricula).values({ ...row, code: 'NEVER-CLAIMED' }).run()))).toMatch(/another owner/);
    expect(await refusal(t.app.db.write(async (tx) => tx.update(curricula).set({ ownerId: other.id }).where(eq(curricula.code, 'APK-PROBOLINGGO')).run()))).toMatch(
      /another owner/,
    );
    const claim = eq(curriculumCodes.code, 'APK-PROBOLINGGO');
    expect(await refusal(t.app.db.write(async (tx) => tx.update(curriculumCodes).set({ ownerId: other.id }).where(claim).run()))).toMatch(/keeps its owner/);
    expect(await refusal(t.app.db.write(async (tx) => tx.delete(curriculumCodes).where(claim).run()))).toMatch(/keeps its owner/);
    expect(await versionsOf('APK-PROBOLINGGO')).toHaveLength(2);
    expect(await count(t, "curricula WHERE code = 'NEVER-CLAIMED'")).toBe(0);
  });
});
