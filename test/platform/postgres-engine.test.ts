import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { connectDatabase } from '../../src/db/connect';
import { institutions, positions, webhookSubscriptions } from '../../src/db/schema';
import { statement } from '../../src/db/statement';

describe('the PostgreSQL engine (PGlite) under the one query builder', () => {
  let db: Database;
  beforeAll(async () => {
    db = await connectDatabase('pglite:memory');
  }, 60_000);
  afterAll(() => db.close());

  it('inserts with column defaults and identity numbering, and reads rows back mapped', async () => {
    const rows = await db.write((tx) =>
      tx.insert(institutions).values([
        { code: 'BPSDM-X', name: 'BPSDM X', kind: 'TRAINING_AGENCY', path: '/' },
        { code: 'BPSDM-Y', name: 'BPSDM Y', kind: 'TRAINING_AGENCY', path: '/' },
      ]).returning(),
    );
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
    expect(rows[0].createdAt).toBeInstanceOf(Date);
    expect(Math.abs(rows[0].createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(rows[0].isCorporateUniversity).toBe(false);
    const found = await db.read.select().from(institutions).where(eq(institutions.code, 'BPSDM-Y')).get();
    expect(found?.name).toBe('BPSDM Y');
    const counted = await db.read.select({ n: sql<number>`count(*)` }).from(institutions).get();
    expect(counted?.n).toBe(2);
  });

  it('answers raw SQL as objects and hand-written statements with ? placeholders', async () => {
    const raw = await db.read.all<{ code: string }>(sql`SELECT code FROM institutions WHERE id = ${2}`);
    expect(raw).toEqual([{ code: 'BPSDM-Y' }]);
    const byCode = statement<[string], { id: number }>('SELECT id FROM institutions WHERE code = ? AND name <> \'?\'');
    expect(await byCode(db.read).get('BPSDM-X')).toEqual({ id: 1 });
  });

  it('rolls a failed write back whole and counts commits in generation', async () => {
    const before = db.generation;
    await expect(
      db.write(async (tx) => {
        await tx.update(institutions).set({ name: 'changed' }).where(eq(institutions.id, 1));
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect((await db.read.select().from(institutions).where(eq(institutions.id, 1)).get())?.name).toBe('BPSDM X');
    const { changes } = await db.write((tx) => tx.update(institutions).set({ name: 'renamed' }).where(eq(institutions.id, 1)).run());
    expect(changes).toBe(1);
    expect(db.generation).toBeGreaterThan(before);
  });

  it('stores JSON columns as text and maps them back', async () => {
    const [row] = await db.write((tx) =>
      tx.insert(webhookSubscriptions).values({ institutionId: 1, url: 'https://hr.example/hook', eventTypes: ['CERTIFICATE_ISSUED'], secretSealed: 'x', cursor: 0 }).returning(),
    );
    expect(row.eventTypes).toEqual(['CERTIFICATE_ISSUED']);
  });

  it('upserts on a conflict target, updating from excluded and the existing row', async () => {
    const upsert = (name: string) =>
      db.write((tx) =>
        tx
          .insert(positions)
          .values({ code: 'ANALIS', name })
          .onConflictDoUpdate({ target: [positions.code], set: { name: sql`excluded.name || ' / ' || ${positions.name}` } })
          .returning(),
      );
    expect((await upsert('Analis'))[0].name).toBe('Analis');
    expect((await upsert('Analis Kebijakan'))[0].name).toBe('Analis Kebijakan / Analis');
  });
});
