import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../../src/graphql/node';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { startReceiver, type TestReceiver } from '../../support/webhook-receiver';
import { seedBasics, statementsOf, upsertFramework } from '../competencies/fixtures';
import { curriculumEvent, deliveriesOf, drain, subscribe, testClock } from './webhook-fixtures';

/** Who sees and changes which subscription, and what listing them costs. */
const clock = testClock();
let t: TestApp;
let receiver: TestReceiver;
let kabAdmin: string;
let otherAdmin: string;
let dinsosAdmin: string;

beforeAll(async () => {
  t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', RATE_LIMIT_COST_PER_MINUTE: '100000000' }, { now: clock.now, webhookWorker: { autoStart: false } });
  await seedBasics(t, 1);
  await upsertFramework(t);
  receiver = await startReceiver();
  kabAdmin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB' });
  otherAdmin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'OTHER' });
  dinsosAdmin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'DINSOS' });
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

const codeOf = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;

describe('webhook subscriptions across institutions', () => {
  it('an admin subscribes its subtree, not an institution above or beside it', async () => {
    const mine = await subscribe(t, receiver, ['CURRICULUM_CHANGED'], 'KAB', kabAdmin);
    expect(mine.secret).toMatch(/^whsec_/);
    const create = (institutionCode: string, token: string) =>
      t.gql(op('CreateWebhookSubscription'), { input: { institutionCode, url: receiver.url, eventTypes: ['CURRICULUM_CHANGED'] } }, token);
    expect(codeOf(await create('KAB', otherAdmin))).toBe('FORBIDDEN');
    expect(codeOf(await create('KAB', dinsosAdmin))).toBe('FORBIDDEN');
    // Missing answers as out of scope does.
    expect(codeOf(await create('NO-SUCH', otherAdmin))).toBe('FORBIDDEN');
  });

  it('another institution’s admin neither sees, updates nor redelivers it, answered as for a missing one', async () => {
    const sub = await subscribe(t, receiver, ['CURRICULUM_CHANGED'], 'KAB', kabAdmin);
    await curriculumEvent(t);
    await drain(t);
    const [delivery] = (await deliveriesOf(t, sub.id)).nodes;
    const list = async (token: string) =>
      dataOf(await t.gql(op('WebhookDeliveries'), {}, token)).webhookSubscriptions.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await list(kabAdmin)).toContain(sub.id);
    expect(await list(otherAdmin)).toEqual([]);
    expect(await list(dinsosAdmin)).toEqual([]);

    const update = (id: string, token: string) => t.gql(op('UpdateWebhookSubscription'), { input: { id, active: false } }, token);
    const redeliver = (deliveryId: string, token: string) => t.gql(op('RedeliverWebhook'), { input: { deliveryId } }, token);
    const missingSub = toGlobalId('WebhookSubscription', 999_999);
    const missingDelivery = toGlobalId('WebhookDelivery', 999_999);
    for (const token of [otherAdmin, dinsosAdmin]) {
      const answers = [await update(sub.id, token), await update(missingSub, token), await redeliver(delivery.id, token), await redeliver(missingDelivery, token)];
      expect(answers.map(codeOf)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
      expect(answers[0].errors![0].message).toBe(answers[1].errors![0].message);
      expect(answers[2].errors![0].message).toBe(answers[3].errors![0].message);
    }
    expect((await deliveriesOf(t, sub.id)).nodes[0]).toMatchObject({ status: 'DELIVERED', attempts: 1 });
    expect((await deliveriesOf(t, sub.id)).active).toBe(true);
    const kab = dataOf(await update(sub.id, kabAdmin)).updateWebhookSubscription;
    expect(kab).toMatchObject({ userErrors: [], subscription: { id: sub.id, active: false } });
  });

  it('node(id:) refetches a subscription and a delivery for their admins, null for anyone else', async () => {
    const sub = await subscribe(t, receiver, ['CURRICULUM_CHANGED'], 'KAB', kabAdmin);
    await curriculumEvent(t);
    await drain(t);
    const [delivery] = (await deliveriesOf(t, sub.id)).nodes;
    const node = async (id: string, token: string) =>
      dataOf(await t.gql('query($id: ID!) { node(id: $id) { id ... on WebhookSubscription { url } ... on WebhookDelivery { status } } }', { id }, token)).node;
    expect(await node(sub.id, kabAdmin)).toEqual({ id: sub.id, url: receiver.url });
    expect(await node(delivery.id, kabAdmin)).toEqual({ id: delivery.id, status: 'DELIVERED' });
    for (const token of [otherAdmin, dinsosAdmin]) {
      expect(await node(sub.id, token)).toBeNull();
      expect(await node(delivery.id, token)).toBeNull();
    }
  });

  it('a learner, sync client or event reader has no access to subscriptions', async () => {
    for (const token of [await t.token('SYNC_CLIENT', { institutionCode: 'KAB' }), await t.token('EVENT_READER', { institutionCode: 'KAB' })]) {
      expect(codeOf(await t.gql(op('WebhookDeliveries'), {}, token))).toBe('FORBIDDEN');
    }
  });

  it('lists subscriptions with their deliveries in statements that do not grow with the page', async () => {
    for (let i = 0; i < 4; i++) await subscribe(t, receiver, ['CURRICULUM_CHANGED'], 'KAB', kabAdmin);
    await curriculumEvent(t);
    await curriculumEvent(t);
    await drain(t);
    const page = (first: number) => () => t.gql(op('WebhookDeliveries'), { first }, kabAdmin);
    const listed = dataOf(await page(6)()).webhookSubscriptions.edges;
    expect(listed.filter((e: { node: { deliveries: { totalCount: number } } }) => e.node.deliveries.totalCount > 0).length).toBeGreaterThan(3);
    expect(await statementsOf(t, page(6))).toBe(await statementsOf(t, page(2)));
  });
});
