import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_INSTITUTIONS } from '../../src/seed/demo-people';
import { emptyServerDatabaseUrl, serverKeys, testEngine } from '../support/test-database';
import { startChildServer, stopChild, type ChildServer } from './child-server';
import { count, inspect } from './issuance-world';

const TOKEN = 'nodes-start-together-token-0123456789';
let servers: ChildServer[] = [];
afterAll(async () => {
  for (const s of servers) await stopChild(s.child);
});

/**
 * Nodes of a cluster start at once on an empty PostgreSQL database: one
 * migrates while the others wait (an advisory lock), and the bootstrap token
 * and the demo data are made once. (SQLite's processes share one machine,
 * where the primary does this first: cluster.test.ts.)
 */
describe.skipIf(testEngine !== 'postgres')('three nodes starting together on an empty PostgreSQL database', () => {
  it('migrate it once, seed it once, and all serve', async () => {
    const url = await emptyServerDatabaseUrl();
    servers = await Promise.all([1, 2, 3].map(() => startChildServer(url, TOKEN, { ...serverKeys, SEED_DEMO: 'true' })));
    for (const server of servers) expect((await server.gql('{ viewer { role } }')).data).toEqual({ viewer: { role: 'SUPERADMIN' } });
    const journal = JSON.parse(readFileSync(join(__dirname, '../../drizzle-pg/meta/_journal.json'), 'utf8')).entries.length;
    expect(await inspect(url, (db) => count(db, 'drizzle.__drizzle_migrations'))).toBe(journal);
    expect(await inspect(url, (db) => count(db, "api_tokens WHERE name = 'bootstrap-admin'"))).toBe(1);
    expect(await inspect(url, (db) => count(db, 'institutions'))).toBe(DEMO_INSTITUTIONS.length);
  }, 120_000);
});
