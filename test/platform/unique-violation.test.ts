import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollbackOnUserErrors } from '../../src/core/errors';
import { connectDatabase } from '../../src/db/connect';
import { UniqueViolationError, type Database } from '../../src/db/database';
import { statement } from '../../src/db/statement';
import { sqlCount } from '../support/sql';
import { freshDatabaseUrl } from '../support/test-database';

/**
 * Services check a code is free inside their write; should a key still be
 * taken by a write they did not foresee (another node, another path), the
 * engine's unique error becomes one answer on either engine: CONFLICT, or
 * ALREADY_EXISTS in a mutation's userErrors, with nothing written.
 */
describe('a unique key taken by another write', () => {
  let db: Database;
  const insert = (code: string) => (tx: Parameters<Parameters<Database['write']>[0]>[0]) =>
    statement<[string], never>(`INSERT INTO institutions (code, name, kind, path) VALUES (?, 'Taken', 'GOVERNMENT_UNIT', '/x/')`)(tx).run(code);

  beforeAll(async () => {
    db = await connectDatabase(await freshDatabaseUrl(null));
    await db.write(insert('TAKEN'));
  });
  afterAll(async () => {
    await db.close();
  });

  it('rolls the whole transaction back and throws CONFLICT', async () => {
    const attempt = db.write(async (tx) => {
      await insert('FIRST-OF-TWO')(tx);
      await insert('TAKEN')(tx);
    });
    await expect(attempt).rejects.toBeInstanceOf(UniqueViolationError);
    await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await sqlCount(db, `SELECT count(*) AS n FROM institutions WHERE code = 'FIRST-OF-TWO'`)).toBe(0);
  });

  it('is ALREADY_EXISTS to a mutation that reports userErrors', async () => {
    const outcome = await rollbackOnUserErrors(() => db.write(insert('TAKEN')));
    expect(outcome).toMatchObject({ ok: false, errors: [{ code: 'ALREADY_EXISTS', field: [] }] });
  });

  it('leaves other errors as they are', async () => {
    await expect(db.write((tx) => statement<[], never>('INSERT INTO no_such_table VALUES (1)')(tx).run())).rejects.not.toBeInstanceOf(UniqueViolationError);
  });
});
