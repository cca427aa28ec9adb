import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../../src/db/database';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { onSqlite } from '../../support/test-database';
import { upsertFramework } from '../competencies/fixtures';
import { curriculumInput, upsertCurriculum } from './curriculum-fixtures';

const BEFORE_CODE_OWNERS = '0003_webinars';

/**
 * A database as it was before curriculum codes had owners, where OTHER
 * squatted version 3 of KAB's code and KAB keeps a draft: the migration must
 * give the code to KAB and keep the draft's change out of outsiders' feed.
 */
function legacyDatabase(dir: string): string {
  const folder = join(dir, 'migrations');
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const upTo = journal.entries.findIndex((e) => e.tag === BEFORE_CODE_OWNERS);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo + 1) }));

  const path = join(dir, 'legacy.sqlite');
  const conn = new BetterSqlite3(path);
  conn.pragma('foreign_keys = ON');
  migrate(drizzle(conn), { migrationsFolder: folder });
  conn.exec(`
    INSERT INTO institutions (id, code, name, kind, path) VALUES (1, 'KAB', 'Kabupaten', 'LOCAL_GOVERNMENT', '/1/'), (2, 'OTHER', 'Other', 'LOCAL_GOVERNMENT', '/2/');
    INSERT INTO curricula (id, code, version, revision, title, owner_id, status, approach, total_jp, content_hash, created_at, updated_at) VALUES
      (1, 'APK', 1, 1, 'Akademi v1', 1, 'PUBLISHED', 'OUTCOME_BASED', 24, 'h1', 0, 0),
      (2, 'APK', 2, 1, 'Akademi v2', 1, 'PUBLISHED', 'OUTCOME_BASED', 24, 'h2', 0, 0),
      (3, 'APK', 3, 1, 'Squatted', 2, 'PUBLISHED', 'OUTCOME_BASED', 24, 'h3', 0, 0),
      (4, 'KAB-DRAFT', 1, 1, 'Rahasia', 1, 'DRAFT', 'OUTCOME_BASED', 24, 'h4', 0, 0);
    INSERT INTO curriculum_changes (curriculum_id, change_type, revision, changed_at) VALUES (1, 'CREATED', 1, 0), (2, 'CREATED', 1, 0), (3, 'CREATED', 1, 0), (4, 'CREATED', 1, 0);
  `);
  conn.close();
  return path;
}

let dir: string;
let t: TestApp;

const byCode = async (code: string, version?: number) => dataOf(await t.gql(op('CurriculumByCode'), { code, version }, null)).curriculum;

// SQLite-only by nature: a file migrated by the SQLite migrations of an earlier release; PostgreSQL's migrations start after it.
describe.skipIf(!onSqlite)('migrating a database with a squatted curriculum code', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bangkom-legacy-'));
    t = await startTestApp({ DATABASE_URL: legacyDatabase(dir) });
    await upsertFramework(t);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives the code to its first version's owner: reads by code and cohorts skip the squatted version", async () => {
    expect(await byCode('APK')).toMatchObject({ version: 2, title: 'Akademi v2', owner: { code: 'KAB' } });
    expect(await byCode('APK', 3)).toBeNull();
    const admin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB' });
    const cohort = await t.gql(
      op('CreateCohort'),
      { input: { code: 'C-3', name: 'Cohort', curriculumCode: 'APK', curriculumVersion: 3, institutionCode: 'KAB', startDate: '2026-02-02' } },
      admin,
    );
    expect(dataOf(cohort).createCohort).toMatchObject({ cohort: null, userErrors: [{ field: ['curriculumCode'], code: 'NOT_FOUND' }] });
  });

  it('lets the squatter no longer write the version, and the owner take it over', async () => {
    const squatter = await t.token('SYNC_CLIENT', { institutionCode: 'OTHER' });
    const again = await t.gql(op('UpsertCurriculum'), { input: curriculumInput('APK', { version: 3, ownerCode: 'OTHER' }) }, squatter);
    expect(again.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const owner = await t.token('SYNC_CLIENT', { institutionCode: 'KAB' });
    const taken = await upsertCurriculum(t, curriculumInput('APK', { version: 3, title: 'Akademi v3' }), {}, owner);
    expect(taken).toMatchObject({ outcome: 'UPDATED', curriculum: { version: 3, revision: 2, owner: { code: 'KAB' } } });
    expect(await byCode('APK')).toMatchObject({ version: 3, title: 'Akademi v3' });
  });

  it("keeps a draft's recorded changes out of an outsider's feed", async () => {
    const outsider = await t.token('SYNC_CLIENT', { institutionCode: 'OTHER' });
    const feed = dataOf(await t.gql(op('CurriculumChanges'), { first: 100 }, outsider)).curriculumChanges;
    expect(feed.edges.map((e: { node: { curriculum: { code: string } } }) => e.node.curriculum.code)).not.toContain('KAB-DRAFT');
    const owner = await t.token('SYNC_CLIENT', { institutionCode: 'KAB' });
    const own = dataOf(await t.gql(op('CurriculumChanges'), { first: 100 }, owner)).curriculumChanges;
    expect(own.edges.map((e: { node: { curriculum: { code: string } } }) => e.node.curriculum.code)).toContain('KAB-DRAFT');
  });
});
