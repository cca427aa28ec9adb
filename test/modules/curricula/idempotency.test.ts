import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import { connectDatabase } from '../../../src/db/connect';
import type { Database } from '../../../src/db/database';
import { idempotencyKeys } from '../../../src/db/schema';
import { IDEMPOTENCY_TTL_MS, storeAnswer, storedAnswer } from '../../../src/modules/curricula/idempotency';
import { startTestApp, type TestApp } from '../../support/app';
import { freshDatabaseUrl } from '../../support/test-database';
import { count, seedBasics, upsertFramework } from '../competencies/fixtures';
import { curriculumInput, upsertCurriculum } from './curriculum-fixtures';

describe('idempotency keys', () => {
  let db: Database;
  beforeAll(async () => {
    db = await connectDatabase(await freshDatabaseUrl(null));
  });
  afterAll(() => db.close());

  it('keeps keys for at least 7 days and purges older ones as new keys arrive', async () => {
    const day = 24 * 60 * 60 * 1000;
    await db.write(async (tx) => {
      await tx.insert(idempotencyKeys).values({ scope: 'name:system', operation: 'op', key: 'week-old', response: 1, createdAt: new Date(Date.now() - 7 * day) }).run();
      await tx
        .insert(idempotencyKeys)
        .values({ scope: 'name:system', operation: 'op', key: 'stale', response: 2, createdAt: new Date(Date.now() - IDEMPOTENCY_TTL_MS - day) })
        .run();
      await storeAnswer(tx, SYSTEM, 'op', 'new', { n: 3 });
    });
    const read = (key: string) => db.write(async (tx) => storedAnswer(tx, SYSTEM, 'op', key));
    expect(await read('week-old')).toBe(1);
    expect(await read('stale')).toBeUndefined();
    expect(await read('new')).toEqual({ n: 3 });
    expect(IDEMPOTENCY_TTL_MS).toBeGreaterThanOrEqual(7 * day);
  });

  it('keeps a key with a NUL (which PostgreSQL text cannot hold) apart from every other key', async () => {
    const keys = ['a\u0000b', 'a\u0000', 'a', 'a\u0001b', JSON.stringify('a\u0000b')];
    await db.write(async (tx) => {
      for (const [i, key] of keys.entries()) await storeAnswer(tx, SYSTEM, 'nul', key, i);
    });
    const read = (key: string) => db.write(async (tx) => storedAnswer(tx, SYSTEM, 'nul', key));
    for (const [i, key] of keys.entries()) expect(await read(key)).toBe(i);
    expect(await read('\u0000')).toBeUndefined();
  });
});

describe('idempotency over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedBasics(t, 1);
    await upsertFramework(t);
  });
  afterAll(() => t.close());

  it('gives two simultaneous calls with one key a single write and the same answer', async () => {
    const calls = [0, 1, 2].map((i) => upsertCurriculum(t, curriculumInput('RACE', { title: `attempt ${i}` }), { idempotencyKey: 'race-1' }));
    const answers = await Promise.all(calls);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0].outcome).toBe('CREATED');
    expect(await count(t, "curriculum_changes WHERE curriculum_id IN (SELECT id FROM curricula WHERE code = 'RACE')")).toBe(1);
  });
});
