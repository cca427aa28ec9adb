import { op } from '../../support/contract';
import { dataOf, type TestApp } from '../../support/app';
import { curriculumInput, upsertCurriculum } from '../curricula/curriculum-fixtures';
import type { TestReceiver } from '../../support/webhook-receiver';

/** A clock the worker and services read; tests move it instead of waiting. */
export function testClock() {
  let at = Date.now();
  return { now: () => at, set: (ms: number) => void (at = ms), advance: (ms: number) => void (at += ms) };
}

export interface Subscription {
  id: string;
  secret: string;
}

/** Subscribes the receiver (its secret then verifies what it gets). */
export async function subscribe(t: TestApp, receiver: TestReceiver, eventTypes: string[], institutionCode = 'KAB', token?: string): Promise<Subscription> {
  const r = dataOf(await t.gql(op('CreateWebhookSubscription'), { input: { institutionCode, url: receiver.url, eventTypes } }, token)).createWebhookSubscription;
  if (r.userErrors.length) throw new Error(JSON.stringify(r.userErrors));
  receiver.secret = r.secret;
  return { id: r.subscription.id, secret: r.secret };
}

export async function setActive(t: TestApp, id: string, active: boolean) {
  const r = dataOf(await t.gql(op('UpdateWebhookSubscription'), { input: { id, active } })).updateWebhookSubscription;
  if (r.userErrors.length) throw new Error(JSON.stringify(r.userErrors));
  return r.subscription;
}

let n = 0;
/** One CURRICULUM_CHANGED event of `ownerCode`; returns its curriculum code. */
export async function curriculumEvent(t: TestApp, ownerCode = 'KAB'): Promise<string> {
  const code = `WH-${++n}`;
  const r = await upsertCurriculum(t, curriculumInput(code, { ownerCode }));
  if (r.userErrors.length) throw new Error(JSON.stringify(r.userErrors));
  return code;
}

export interface DeliveryNode {
  id: string;
  event: { id: string; type: string };
  status: string;
  attempts: number;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  responseStatus: number | null;
  lastError: string | null;
}

/** The subscription's deliveries, newest first (the contract's WebhookDeliveries). */
export async function deliveriesOf(t: TestApp, id: string, status?: string): Promise<{ active: boolean; totalCount: number; nodes: DeliveryNode[] }> {
  const subs = dataOf(await t.gql(op('WebhookDeliveries'), { status })).webhookSubscriptions.edges;
  const node = subs.find((e: { node: { id: string } }) => e.node.id === id)?.node;
  if (!node) throw new Error(`subscription ${id} not listed`);
  return { active: node.active, totalCount: node.deliveries.totalCount, nodes: node.deliveries.edges.map((e: { node: DeliveryNode }) => e.node) };
}

/** Runs the worker until nothing more is due at the current clock. */
export async function drain(t: TestApp): Promise<void> {
  for (let i = 0; i < 1000 && (await t.app.webhookWorker.runOnce()) > 0; i++);
}
