import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDemoData } from '../../src/seed/demo';
import { dataOf, startTestApp, type TestApp } from '../support/app';
import { onSqlite } from '../support/test-database';

let t: TestApp;
/** What the app printed while it started: on PostgreSQL, with no database file to leave them beside, the demo tokens. */
let printed = '';
beforeAll(async () => {
  const write = onSqlite
    ? null
    : vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        printed += String(chunk);
        return true;
      });
  try {
    t = await startTestApp({ SEED_DEMO: 'true' });
  } finally {
    write?.mockRestore();
  }
});
afterAll(() => t.close());

/** The `ROLE token  # name` lines of the demo tokens text. */
function tokenLines(text: string): { role: string; token: string }[] {
  return text
    .split('\n')
    .filter((l) => /^[A-Z_]+\s+bkm_/.test(l))
    .map((l) => ({ role: l.split(/\s+/)[0], token: l.split(/\s+/)[1] }));
}

/** Every demo token works, as its own role, and there is one for each role. */
async function expectWorkingTokens(app: TestApp, tokens: { role: string; token: string }[]) {
  expect(new Set(tokens.map((x) => x.role))).toEqual(new Set(['SUPERADMIN', 'INSTITUTION_ADMIN', 'SYNC_CLIENT', 'LEARNER']));
  for (const { role, token } of tokens) {
    expect(dataOf(await app.gql('{ viewer { role } }', {}, token)).viewer.role).toBe(role);
  }
}

describe('demo seed', () => {
  it('seeds the institutions and learners of the news stories, and one working token per role', async () => {
    const tokensFile = join(dirname(t.app.db.path), 'demo-tokens.txt');
    expect(existsSync(tokensFile)).toBe(onSqlite);
    await expectWorkingTokens(t, tokenLines(onSqlite ? readFileSync(tokensFile, 'utf8') : printed));
    const probolinggo = dataOf(
      await t.gql('{ institution(code: "KAB-PROBOLINGGO") { isCorporateUniversity learners(first: 100) { totalCount edges { node { employmentType } } } } }'),
    ).institution;
    expect(probolinggo.isCorporateUniversity).toBe(true);
    const types = probolinggo.learners.edges.map((e: { node: { employmentType: string } }) => e.node.employmentType);
    expect(types.filter((x: string) => x !== 'NON_ASN')).toHaveLength(21);
    expect(types.filter((x: string) => x === 'NON_ASN').length).toBeGreaterThan(0);
  });

  it('does not seed twice', async () => {
    const again = await seedDemoData({ db: t.app.db, services: t.app.services, config: t.app.config, logger: pino({ level: 'silent' }) });
    expect(again).toBeNull();
  });
});

describe('demo seed into an in-memory database', () => {
  it('prints the tokens and leaves data/demo-tokens.txt, which belongs to the real database, alone', async () => {
    const cwd = process.cwd();
    const dir = mkdtempSync(join(tmpdir(), 'bangkom-memory-seed-'));
    const realTokens = join(dir, 'data', 'demo-tokens.txt');
    mkdirSync(dirname(realTokens));
    writeFileSync(realTokens, 'tokens of the real database\n');
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    let memory: TestApp | undefined;
    try {
      process.chdir(dir);
      memory = await startTestApp({ DATABASE_URL: ':memory:', SEED_DEMO: 'true' });
      expect(memory.app.db.path).toBe(':memory:');
      write.mockRestore();
      expect(readFileSync(realTokens, 'utf8')).toBe('tokens of the real database\n');
      await expectWorkingTokens(memory, tokenLines(printed.join('')));
    } finally {
      write.mockRestore();
      process.chdir(cwd);
      await memory?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
