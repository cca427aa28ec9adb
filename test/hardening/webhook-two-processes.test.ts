import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { op } from '../support/contract';
import { freshDatabaseUrl, serverKeys } from '../support/test-database';
import { startReceiver, type TestReceiver } from '../support/webhook-receiver';
import { TECH_FRAMEWORK } from '../modules/competencies/fixtures';
import { curriculumInput } from '../modules/curricula/curriculum-fixtures';
import { startChildServer, stopChild, type ChildServer, dataOrThrow as data } from './child-server';

const TOKEN = 'webhook-two-processes-token-0123456789';
const EVENTS = 8;
const ENV = { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' };

let dir: string;
let servers: ChildServer[] = [];
let receivers: TestReceiver[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bangkom-webhook-two-'));
  receivers = [await startReceiver(), await startReceiver(), await startReceiver()];
});
afterAll(async () => {
  for (const s of servers) await stopChild(s.child);
  for (const r of receivers) await r.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('two server processes on one database', () => {
  it('never make the same attempt twice, and keep each subscription in order', async () => {
    const path = await freshDatabaseUrl(dir);
    servers.push(await startChildServer(path, TOKEN, { ...ENV, ...serverKeys }));
    servers.push(await startChildServer(path, TOKEN, { ...ENV, ...serverKeys }));
    const [a, b] = servers;
    await data(a.gql(op('CreateInstitution'), { input: { code: 'KAB', name: 'Kabupaten', kind: 'LOCAL_GOVERNMENT', isCorporateUniversity: true } }));
    await data(a.gql(op('UpsertCompetencyFramework'), { input: TECH_FRAMEWORK }));
    let open = 0;
    let most = 0;
    for (const r of receivers) {
      const created = (await data(b.gql(op('CreateWebhookSubscription'), { input: { institutionCode: 'KAB', url: r.url, eventTypes: ['CURRICULUM_CHANGED'] } }))).createWebhookSubscription;
      r.secret = created.secret;
      r.answer = () => {
        most = Math.max(most, ++open);
        setTimeout(() => open--, 50);
        return { status: 200, delayMs: 50 };
      };
    }
    // Writes come through both processes, so both workers wake.
    for (let i = 0; i < EVENTS; i++) await data(servers[i % 2].gql(op('UpsertCurriculum'), { input: curriculumInput(`TWO-${i}`, { ownerCode: 'KAB' }) }));
    await expect.poll(() => receivers.every((r) => r.received.length >= EVENTS), { timeout: 60_000, interval: 100 }).toBe(true);
    // Time for a duplicate to show, had one been made.
    await new Promise((r) => setTimeout(r, 1500));
    for (const r of receivers) {
      expect(r.received.map((x) => x.body.sequence)).toEqual([...r.received.map((x) => x.body.sequence)].sort((x, y) => x - y));
      expect(new Set(r.received.map((x) => x.id)).size).toBe(EVENTS);
      expect(r.received).toHaveLength(EVENTS);
      expect(r.received.every((x) => x.verified)).toBe(true);
    }
    // One attempt in flight per subscription at most.
    expect(most).toBeLessThanOrEqual(receivers.length);
  }, 120_000);
});
