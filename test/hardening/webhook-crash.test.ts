import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { op } from '../support/contract';
import { startReceiver, type TestReceiver } from '../support/webhook-receiver';
import { TECH_FRAMEWORK } from '../modules/competencies/fixtures';
import { curriculumInput } from '../modules/curricula/curriculum-fixtures';
import { startChildServer, stopChild, type ChildServer, dataOrThrow as data } from './child-server';

const TOKEN = 'webhook-crash-superadmin-token-0123456789';
const EVENTS = 12;
const ENV = { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' };

let dir: string;
let path: string;
let server: ChildServer | undefined;
let receiver: TestReceiver;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bangkom-webhook-crash-'));
  path = join(dir, 'crash.sqlite');
  receiver = await startReceiver();
});
afterAll(async () => {
  if (server) await stopChild(server.child);
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('crash safety: SIGKILL while deliveries are in flight', () => {
  it('after a restart every event reaches the receiver at least once, in order, none skipped', async () => {
    server = await startChildServer(path, TOKEN, ENV);
    await data(server.gql(op('CreateInstitution'), { input: { code: 'KAB', name: 'Kabupaten', kind: 'LOCAL_GOVERNMENT', isCorporateUniversity: true } }));
    await data(server.gql(op('UpsertCompetencyFramework'), { input: TECH_FRAMEWORK }));
    const created = (await data(server.gql(op('CreateWebhookSubscription'), { input: { institutionCode: 'KAB', url: receiver.url, eventTypes: ['CURRICULUM_CHANGED'] } })))
      .createWebhookSubscription;
    expect(created.userErrors).toEqual([]);
    receiver.secret = created.secret;
    // A slow receiver: each answer takes 300 ms, so one is in flight most of the time.
    receiver.answer = () => ({ status: 200, delayMs: 300 });
    for (let i = 0; i < EVENTS; i++) await data(server.gql(op('UpsertCurriculum'), { input: curriculumInput(`CRASH-${i}`, { ownerCode: 'KAB' }) }));

    await expect.poll(() => receiver.received.length >= 4 && receiver.open > 0, { timeout: 30_000, interval: 5 }).toBe(true);
    const inFlight = receiver.received.at(-1)!.id;
    await stopChild(server.child, 'SIGKILL');
    const beforeRestart = receiver.received.length;
    console.info(`killed with ${beforeRestart} requests received, the last one unanswered`);
    expect(beforeRestart).toBeLessThan(EVENTS);

    server = await startChildServer(path, TOKEN, ENV);
    const unique = () => [...new Set(receiver.received.map((r) => r.id))];
    // The killed process's lease expires (attempt timeout + 5 s), then the attempt is made again.
    await expect.poll(() => unique().length, { timeout: 60_000, interval: 100 }).toBe(EVENTS);

    const feed = (await data(server.gql(op('Events'), { first: 100, types: ['CURRICULUM_CHANGED'] }))).events.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(unique()).toEqual(feed);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    // The attempt in flight at the kill was made again, with the same webhook-id.
    expect(receiver.received.filter((r) => r.id === inFlight).length).toBeGreaterThan(1);
    await stopChild(server.child);
    server = undefined;
  }, 120_000);
});
