import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { sqlCount, sqlRow, sqlRows } from '../../support/sql';
import { startReceiver, type TestReceiver } from '../../support/webhook-receiver';
import { seedBasics, upsertFramework } from '../competencies/fixtures';
import { curriculumEvent, deliveriesOf, drain, setActive, subscribe, testClock } from './webhook-fixtures';

/** Subscriptions, signed deliveries, order, retries and the 24 h / 3 day rules, over HTTP with a moved clock. */
const clock = testClock();
let t: TestApp;
let receiver: TestReceiver;
const active: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', RATE_LIMIT_COST_PER_MINUTE: '100000000' }, { now: clock.now, webhookWorker: { autoStart: false, random: () => 0.5 } });
  await seedBasics(t, 1);
  await upsertFramework(t);
});
afterAll(() => t.close());

async function fresh(types = ['CURRICULUM_CHANGED'], institutionCode = 'KAB') {
  receiver = await startReceiver();
  const sub = await subscribe(t, receiver, types, institutionCode);
  active.push(sub.id);
  return sub;
}
afterEach(async () => {
  // Earlier tests' subscriptions stop receiving, so each test sees only its own.
  for (const id of active.splice(0)) await setActive(t, id, false);
  await receiver?.close();
});

const eventIds = async (codes: string[]) => {
  const edges = dataOf(await t.gql('{ events(first: 100, filter: { types: [CURRICULUM_CHANGED], institutionCode: "KAB" }) { edges { node { id payload } } } }')).events.edges;
  return codes.map((c) => edges.find((e: { node: { payload: { curriculumCode: string } } }) => e.node.payload.curriculumCode === c).node.id as string);
};

describe('webhook subscriptions', () => {
  it('shows the secret once in the whsec_ form, stores it sealed, and lists the subscription', async () => {
    const sub = await fresh();
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const stored = await sqlRow<{ secret_sealed: string }>(t.app.db, 'SELECT secret_sealed FROM webhook_subscriptions ORDER BY id DESC LIMIT 1');
    expect(stored?.secret_sealed).toMatch(/^v1\./);
    expect(stored?.secret_sealed).not.toContain(sub.secret.slice(6, 20));
    const listed = dataOf(await t.gql('{ webhookSubscriptions(first: 100) { totalCount edges { node { id url eventTypes active institution { code } } } } }')).webhookSubscriptions;
    expect(listed.edges.map((e: { node: unknown }) => e.node)).toContainEqual({ id: sub.id, url: receiver.url, eventTypes: ['CURRICULUM_CHANGED'], active: true, institution: { code: 'KAB' } });
    expect(JSON.stringify(listed)).not.toContain('whsec_');
  });

  it('POSTs each event of its types and subtree, signed per Standard Webhooks, webhook-id = event id', async () => {
    const sub = await fresh();
    const mine = await curriculumEvent(t, 'KAB');
    await curriculumEvent(t, 'OTHER');
    await drain(t);
    const [id] = await eventIds([mine]);
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0];
    expect(got.verified).toBe(true);
    expect(got.id).toBe(id);
    expect(Object.keys(got.body).sort()).toEqual(['id', 'institutionCode', 'occurredAt', 'payload', 'sequence', 'type']);
    expect(got.body).toMatchObject({ id, type: 'CURRICULUM_CHANGED', institutionCode: 'KAB', payload: { curriculumCode: mine } });
    expect(got.headers['webhook-signature']).toMatch(/^v1,/);
    const d = await deliveriesOf(t, sub.id);
    expect(d.nodes).toMatchObject([{ event: { id, type: 'CURRICULUM_CHANGED' }, status: 'DELIVERED', attempts: 1, responseStatus: 204, lastError: null, nextAttemptAt: null }]);
  });

  it('finds its next event past a long stretch of other institutions’ events', async () => {
    await fresh();
    const other = (await sqlRow<{ id: number }>(t.app.db, "SELECT id FROM institutions WHERE code = 'OTHER'"))!.id;
    // 45,000 events of another institution (more than two of the worker's scan windows), as an import would write them.
    await t.app.db.write(async (tx) =>
      tx.run(sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 45000)
        INSERT INTO events (type, occurred_at, institution_id, payload) SELECT 'CURRICULUM_CHANGED', 0, ${other}, '{}' FROM n`),
    );
    const [id] = await eventIds([await curriculumEvent(t)]);
    await drain(t);
    expect(receiver.received.map((r) => r.id)).toEqual([id]);
  });

  it('writing events writes nothing for subscriptions: the worker issues one delivery at a time behind a cursor', async () => {
    const sub = await fresh();
    const rows = () => sqlCount(t.app.db, 'SELECT count(*) AS n FROM webhook_deliveries');
    const before = await rows();
    for (let i = 0; i < 3; i++) await curriculumEvent(t);
    expect(await rows()).toBe(before);
    receiver.answer = () => ({ status: 500 });
    await drain(t);
    expect(await rows()).toBe(before + 1);
    receiver.answer = () => ({ status: 200 });
    clock.advance(3600_000);
    await drain(t);
    expect(await rows()).toBe(before + 3);
    expect((await deliveriesOf(t, sub.id, 'DELIVERED')).totalCount).toBe(3);
  });

  it('sends nothing of types it did not name', async () => {
    await fresh(['LEARNER_CHANGED']);
    await curriculumEvent(t);
    await drain(t);
    expect(receiver.received).toEqual([]);
  });

  it('keeps order: event n+1 waits while n is retried with growing delays, then goes', async () => {
    const sub = await fresh();
    const codes = [await curriculumEvent(t), await curriculumEvent(t)];
    const [first, second] = await eventIds(codes);
    let failures = 2;
    receiver.answer = (r) => (r.id === first && failures-- > 0 ? { status: 503 } : { status: 200 });
    const start = clock.now();
    await drain(t);
    let [d] = (await deliveriesOf(t, sub.id)).nodes;
    expect(d).toMatchObject({ status: 'PENDING', attempts: 1, responseStatus: 503, lastError: 'HTTP 503' });
    // random() = 0.5: three quarters of 10 s, then of 20 s.
    expect(Date.parse(d.nextAttemptAt!) - start).toBe(7500);
    await drain(t);
    expect(receiver.received.map((r) => r.id)).toEqual([first]);
    clock.advance(7500);
    await drain(t);
    [d] = (await deliveriesOf(t, sub.id)).nodes;
    expect(d.attempts).toBe(2);
    expect(Date.parse(d.nextAttemptAt!) - clock.now()).toBe(15_000);
    clock.advance(15_000);
    await drain(t);
    expect(receiver.received.map((r) => r.id)).toEqual([first, first, first, second]);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect((await deliveriesOf(t, sub.id)).nodes.map((n) => [n.event.id, n.status, n.attempts])).toEqual([
      [second, 'DELIVERED', 1],
      [first, 'DELIVERED', 3],
    ]);
  });

  it('a failing event is FAILED 24 hours after its first attempt; the next one then goes', async () => {
    const sub = await fresh();
    const [first, second] = await eventIds([await curriculumEvent(t), await curriculumEvent(t)]);
    receiver.answer = (r) => ({ status: r.id === first ? 500 : 200 });
    const start = clock.now();
    await drain(t);
    for (let i = 0; i < 200; i++) {
      const [d] = (await deliveriesOf(t, sub.id)).nodes;
      if (d.status !== 'PENDING') break;
      expect(receiver.received.map((r) => r.id)).not.toContain(second);
      clock.set(Date.parse(d.nextAttemptAt!));
      await drain(t);
    }
    const nodes = (await deliveriesOf(t, sub.id)).nodes;
    expect(nodes.map((n) => [n.event.id, n.status])).toEqual([
      [second, 'DELIVERED'],
      [first, 'FAILED'],
    ]);
    expect(Date.parse(nodes[1].lastAttemptAt!) - start).toBe(24 * 3600_000);
    expect(nodes[1].attempts).toBeGreaterThan(20);
    expect((await deliveriesOf(t, sub.id, 'FAILED')).nodes.map((n) => n.event.id)).toEqual([first]);
  });

  it('after 3 days without a 2xx the subscription is inactive and keeps its pending events; activating sends them in order', async () => {
    const sub = await fresh();
    const ids = await eventIds([await curriculumEvent(t), await curriculumEvent(t), await curriculumEvent(t), await curriculumEvent(t)]);
    receiver.answer = () => ({ status: 500 });
    const start = clock.now();
    await drain(t);
    for (let i = 0; i < 500; i++) {
      const state = await deliveriesOf(t, sub.id, 'PENDING');
      if (!state.active) break;
      clock.set(Date.parse(state.nodes[0].nextAttemptAt!));
      await drain(t);
    }
    const stopped = await deliveriesOf(t, sub.id);
    expect(stopped.active).toBe(false);
    expect(clock.now() - start).toBe(3 * 24 * 3600_000);
    // The third event's 24 hours end with the third day: it is FAILED, and the fourth is kept, unsent.
    expect(stopped.nodes.map((n) => [n.event.id, n.status])).toEqual([
      [ids[2], 'FAILED'],
      [ids[1], 'FAILED'],
      [ids[0], 'FAILED'],
    ]);
    const tried = receiver.received.length;
    clock.advance(3600_000);
    await drain(t);
    expect(receiver.received.length).toBe(tried);

    receiver.answer = () => ({ status: 200 });
    expect(await setActive(t, sub.id, true)).toMatchObject({ id: sub.id, active: true });
    await drain(t);
    expect(receiver.received.slice(tried).map((r) => r.id)).toEqual([ids[3]]);
    expect((await deliveriesOf(t, sub.id, 'DELIVERED')).totalCount).toBe(1);
  });

  it('an inactive subscription keeps its pending delivery; activating sends it at once, not at its retry time', async () => {
    const sub = await fresh();
    const ids = await eventIds([await curriculumEvent(t), await curriculumEvent(t)]);
    receiver.answer = () => ({ status: 500 });
    await drain(t);
    await setActive(t, sub.id, false);
    receiver.answer = () => ({ status: 200 });
    clock.advance(3600_000);
    await drain(t);
    expect(receiver.received.map((r) => r.id)).toEqual([ids[0]]);
    expect((await deliveriesOf(t, sub.id)).nodes.map((n) => n.status)).toEqual(['PENDING']);
    clock.advance(-3600_000);
    await setActive(t, sub.id, true);
    await drain(t);
    expect(receiver.received.map((r) => r.id)).toEqual([ids[0], ...ids]);
  });

  it('redeliverWebhook sends a delivery again with the same webhook-id', async () => {
    const sub = await fresh();
    const [id] = await eventIds([await curriculumEvent(t)]);
    await drain(t);
    const [d] = (await deliveriesOf(t, sub.id)).nodes;
    const again = dataOf(await t.gql(op('RedeliverWebhook'), { input: { deliveryId: d.id } })).redeliverWebhook;
    expect(again).toMatchObject({ userErrors: [], delivery: { id: d.id, status: 'PENDING', attempts: 1 } });
    await drain(t);
    expect(receiver.received.map((r) => r.id)).toEqual([id, id]);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect((await deliveriesOf(t, sub.id)).nodes[0]).toMatchObject({ status: 'DELIVERED', attempts: 2 });
  });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    const sub = await fresh();
    const target = await startReceiver('/elsewhere');
    receiver.answer = () => ({ status: 302, location: target.url });
    await curriculumEvent(t);
    await drain(t);
    expect((await deliveriesOf(t, sub.id)).nodes[0]).toMatchObject({ status: 'PENDING', responseStatus: 302, lastError: 'redirect (HTTP 302) not followed' });
    expect(target.received).toEqual([]);
    await target.close();
  });

  it('reads at most 4 KiB of an answer and never stores it', async () => {
    const sub = await fresh();
    receiver.answer = () => ({ status: 500, endlessBody: true });
    await curriculumEvent(t);
    await drain(t);
    // An endless body would otherwise end only at the 10 s timeout.
    expect((await deliveriesOf(t, sub.id)).nodes[0]).toMatchObject({ status: 'PENDING', responseStatus: 500, lastError: 'HTTP 500' });
  });

  it('lastError never repeats the receiver’s body', async () => {
    const sub = await fresh();
    receiver.answer = () => ({ status: 400, body: 'secret internal detail' });
    await curriculumEvent(t);
    await drain(t);
    const [d] = (await deliveriesOf(t, sub.id)).nodes;
    expect(d.lastError).toBe('HTTP 400');
    expect(JSON.stringify(await sqlRows(t.app.db, 'SELECT * FROM webhook_deliveries'))).not.toContain('secret internal');
  });

  it('refuses bad input with userErrors and writes nothing', async () => {
    const create = (input: Record<string, unknown>) => t.gql(op('CreateWebhookSubscription'), { input: { institutionCode: 'KAB', url: 'https://hr.example.org/hook', eventTypes: ['CURRICULUM_CHANGED'], ...input } });
    const codes = async (input: Record<string, unknown>) => dataOf(await create(input)).createWebhookSubscription.userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code]);
    const before = await sqlCount(t.app.db, 'SELECT count(*) AS n FROM webhook_subscriptions');
    expect(await codes({ url: 'ftp://hr.example.org/x' })).toEqual([['url', 'INVALID']]);
    expect(await codes({ url: 'not a url' })).toEqual([['url', 'INVALID']]);
    expect(await codes({ url: 'https://user:pw@hr.example.org/x' })).toEqual([['url', 'INVALID']]);
    expect(await codes({ url: 'https://hr.example.org/\u202ex' })).toEqual([['url', 'INVALID']]);
    expect(await codes({ eventTypes: [] })).toEqual([['eventTypes', 'REQUIRED']]);
    expect(await codes({ eventTypes: ['CURRICULUM_CHANGED', 'CURRICULUM_CHANGED'] })).toEqual([['eventTypes', 'DUPLICATE']]);
    expect(await codes({ institutionCode: 'NOPE' })).toEqual([['institutionCode', 'NOT_FOUND']]);
    expect((await create({ eventTypes: ['NOT_A_TYPE'] })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await sqlCount(t.app.db, 'SELECT count(*) AS n FROM webhook_subscriptions')).toBe(before);
    const update = dataOf(await t.gql(op('UpdateWebhookSubscription'), { input: { id: 'V2ViaG9va1N1YnNjcmlwdGlvbjo5OTk5OQ', active: true } })).updateWebhookSubscription;
    expect(update.userErrors.map((e: { code: string }) => e.code)).toEqual(['NOT_FOUND']);
  });
});
