import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/seed/demo';
import { dataOf, startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ SEED_DEMO: 'true' });
});
afterAll(() => t.close());

describe('demo seed', () => {
  it('seeds the institutions and learners of the news stories, and one working token per role', async () => {
    const tokensFile = join(dirname(t.app.db.path), 'demo-tokens.txt');
    expect(existsSync(tokensFile)).toBe(true);
    const tokens = readFileSync(tokensFile, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => ({ role: l.split(/\s+/)[0], token: l.split(/\s+/)[1] }));
    expect(new Set(tokens.map((x) => x.role))).toEqual(new Set(['SUPERADMIN', 'INSTITUTION_ADMIN', 'SYNC_CLIENT', 'LEARNER']));
    for (const { role, token } of tokens) {
      expect(dataOf(await t.gql('{ viewer { role } }', {}, token)).viewer.role).toBe(role);
    }
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
