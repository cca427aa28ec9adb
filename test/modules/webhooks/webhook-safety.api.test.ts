import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../../src/modules/webhooks/receiver-address';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { sqlRow } from '../../support/sql';
import { startReceiver, type TestReceiver } from '../../support/webhook-receiver';
import { seedBasics, upsertFramework } from '../competencies/fixtures';
import { curriculumEvent, deliveriesOf, drain, setActive, subscribe, testClock } from './webhook-fixtures';

/** Where a delivery may go: public addresses only (unless switched off), checked at every attempt; a 10 s bound per attempt. */
describe('receiver addresses', () => {
  it.each([
    ['8.8.8.8', true],
    ['2001:4860:4860::8888', true],
    ['::ffff:8.8.8.8', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['ff02::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['64:ff9b::a00:1', false],
  ])('%s public: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('with private networks refused (the default)', () => {
  const clock = testClock();
  const answers = new Map<string, string>();
  let t: TestApp;
  let receiver: TestReceiver;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_COST_PER_MINUTE: '100000000' }, {
      now: clock.now,
      webhookWorker: { autoStart: false, resolve: async (host) => [{ address: answers.get(host) ?? '203.0.113.1', family: answers.get(host)?.includes(':') ? 6 : 4 }] },
    });
    await seedBasics(t, 1);
    await upsertFramework(t);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  it('accepts only https URLs, and no literal private address or localhost', async () => {
    const codes = async (url: string) =>
      dataOf(await t.gql(op('CreateWebhookSubscription'), { input: { institutionCode: 'KAB', url, eventTypes: ['CURRICULUM_CHANGED'] } })).createWebhookSubscription.userErrors.map((e: { code: string }) => e.code);
    for (const url of [receiver.url, 'http://hr.example.org/hook', 'https://127.0.0.1/hook', 'https://[::1]/hook', 'https://[::ffff:7f00:1]/hook', 'https://10.0.0.8/x', 'https://localhost/x', 'https://169.254.169.254/latest']) {
      expect([url, await codes(url)]).toEqual([url, ['INVALID']]);
    }
  });

  it('resolves the name at every attempt and refuses a private answer without connecting', async () => {
    const created = dataOf(
      await t.gql(op('CreateWebhookSubscription'), { input: { institutionCode: 'KAB', url: 'https://hr.example.org/hook', eventTypes: ['CURRICULUM_CHANGED'] } }),
    ).createWebhookSubscription;
    expect(created.userErrors).toEqual([]);
    const sub = created.subscription;
    await curriculumEvent(t);
    for (const address of ['127.0.0.1', '10.0.0.7', '::ffff:127.0.0.1', 'fd12::1', '169.254.169.254']) {
      answers.set('hr.example.org', address);
      const [before] = (await deliveriesOf(t, sub.id)).nodes;
      if (before?.nextAttemptAt) clock.set(Date.parse(before.nextAttemptAt));
      await drain(t);
      const [d] = (await deliveriesOf(t, sub.id)).nodes;
      expect(d).toMatchObject({ status: 'PENDING', responseStatus: null, lastError: `refused: hr.example.org resolves to ${address}, which is not a public address` });
    }
    expect(receiver.received).toEqual([]);
    await setActive(t, sub.id, false);
  });
});

describe('with private networks allowed', () => {
  let t: TestApp;
  let receiver: TestReceiver;

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', RATE_LIMIT_COST_PER_MINUTE: '100000000' }, { webhookWorker: { timeoutMs: 300 } });
    await seedBasics(t, 1);
    await upsertFramework(t);
  });
  afterAll(() => t.close());

  it('a healthy receiver gets the event without anyone asking (the running worker)', async () => {
    receiver = await startReceiver();
    const sub = await subscribe(t, receiver, ['CURRICULUM_CHANGED']);
    await curriculumEvent(t);
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
    expect(receiver.received[0].verified).toBe(true);
    await setActive(t, sub.id, false);
    await receiver.close();
  });

  it('an attempt without an answer in time fails (the limit is injected short here)', async () => {
    receiver = await startReceiver();
    receiver.answer = () => ({ status: 200, hang: true });
    const sub = await subscribe(t, receiver, ['CURRICULUM_CHANGED']);
    await curriculumEvent(t);
    await expect.poll(async () => (await deliveriesOf(t, sub.id)).nodes[0]?.lastError, { timeout: 10_000 }).toBe('no answer within 0.3 s');
    await setActive(t, sub.id, false);
    await receiver.close();
  });

  it('a graceful stop abandons the attempt in flight and gives its lease back, counting no attempt', async () => {
    receiver = await startReceiver();
    receiver.answer = () => ({ status: 200, hang: true });
    const other = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    try {
      await seedBasics(other, 1);
      await upsertFramework(other);
      await subscribe(other, receiver, ['CURRICULUM_CHANGED']);
      await curriculumEvent(other);
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
      await other.app.webhookWorker.stop();
      const row = await sqlRow(other.app.db, 'SELECT status, attempts, lease_owner FROM webhook_deliveries');
      expect(row).toEqual({ status: 'PENDING', attempts: 0, lease_owner: null });
    } finally {
      await other.close();
      await receiver.close();
    }
  });
});
