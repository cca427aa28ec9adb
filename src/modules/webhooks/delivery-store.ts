import { and, asc, eq, gt, inArray, isNull, lte, notExists, sql } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { events, institutions, webhookDeliveries, webhookSubscriptions, type EventTypeName } from '../../db/schema';
import { eventsVisibleIn } from '../events/visibility';
import { DELIVERY_RULES, retryDelayMs } from './delivery-rules';

/**
 * The delivery state in the database: every change runs inside the caller's
 * `db.write` transaction (BEGIN IMMEDIATE), so processes sharing the file
 * see one order of claims and outcomes.
 */

/** An attempt a worker holds the lease of: what to send, and where. */
export interface ClaimedAttempt {
  deliveryId: number;
  lease: string;
  subscriptionId: number;
  institutionId: number;
  url: string;
  secretSealed: string;
  event: { id: string; sequence: number; type: EventTypeName; occurredAt: string; institutionCode: string; payload: unknown };
}

export interface AttemptOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/** Whether some active subscription has events beyond its cursor and nothing pending (a cheap read before any write). */
export async function needsIssue(db: Db): Promise<boolean> {
  return !!(await db.get(sql`SELECT 1 AS x FROM webhook_subscriptions s
    WHERE s.active = 1 AND s.cursor < (SELECT coalesce(max(sequence), 0) FROM events)
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.subscription_id = s.id AND p.status = 'PENDING') LIMIT 1`));
}

/** How many sequence numbers one look scans past a subscription's cursor, so a long stretch of others' events never holds the writer long. */
export const ISSUE_WINDOW = 20_000;

/**
 * For each active subscription (of `only`, when given) with nothing pending:
 * a delivery for its next event after the cursor (its types, its subtree by
 * `eventsVisibleIn`) within the next ISSUE_WINDOW sequence numbers, or, when
 * none, the cursor moved past them. Deliveries are created one at a time, so
 * issuing events writes nothing here.
 */
export async function issueNext(tx: Db, now: number, only?: number[]): Promise<number> {
  const subs = await tx
    .select({ id: webhookSubscriptions.id, cursor: webhookSubscriptions.cursor, types: webhookSubscriptions.eventTypes, path: institutions.path })
    .from(webhookSubscriptions)
    .innerJoin(institutions, eq(institutions.id, webhookSubscriptions.institutionId))
    .where(
      and(
        eq(webhookSubscriptions.active, true),
        only ? inArray(webhookSubscriptions.id, only) : undefined,
        notExists(tx.select({ x: sql`1` }).from(webhookDeliveries).where(and(eq(webhookDeliveries.subscriptionId, webhookSubscriptions.id), eq(webhookDeliveries.status, 'PENDING')))),
      ),
    )
    .all();
  if (subs.length === 0) return 0;
  const top = (await tx.select({ top: sql<number>`coalesce(max(${events.sequence}), 0)` }).from(events).get())!.top;
  let issued = 0;
  for (const sub of subs) {
    if (sub.cursor >= top) continue;
    const next = await tx
      .select({ sequence: events.sequence })
      .from(events)
      .where(and(gt(events.sequence, sub.cursor), lte(events.sequence, sub.cursor + ISSUE_WINDOW), inArray(events.type, sub.types), eventsVisibleIn(sub.path)))
      .orderBy(asc(events.sequence))
      .limit(1)
      .get();
    if (next) {
      await tx.insert(webhookDeliveries).values({ subscriptionId: sub.id, eventSequence: next.sequence, nextAttemptAt: new Date(now) }).run();
      issued++;
    }
    await tx.update(webhookSubscriptions).set({ cursor: next?.sequence ?? Math.min(top, sub.cursor + ISSUE_WINDOW) }).where(eq(webhookSubscriptions.id, sub.id)).run();
  }
  return issued;
}

/**
 * Due heads: per active subscription its oldest pending delivery, when its
 * time has come, no lease on it is live and no other attempt of the
 * subscription is in flight (event n+1 waits for n).
 */
const dueHeads = (now: number, limit: number) => sql`
  SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
  WHERE d.status = 'PENDING' AND s.active = 1 AND d.next_attempt_at <= ${now}
    AND (d.lease_until IS NULL OR d.lease_until < ${now})
    AND d.event_sequence = (SELECT min(x.event_sequence) FROM webhook_deliveries x WHERE x.subscription_id = d.subscription_id AND x.status = 'PENDING')
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries y WHERE y.subscription_id = d.subscription_id AND y.status = 'PENDING' AND y.lease_until >= ${now})
  ORDER BY d.next_attempt_at, d.id LIMIT ${limit}`;

export const anyDue = async (db: Db, now: number) => (await db.all<{ id: number }>(dueHeads(now, 1))).length > 0;

/** Takes the leases of up to `limit` due attempts until `now + leaseMs`; `owner` names this worker. */
export async function claimDue(tx: Db, now: number, owner: string, limit: number, leaseMs: number): Promise<ClaimedAttempt[]> {
  const ids = (await tx.all<{ id: number }>(dueHeads(now, limit))).map((r) => r.id);
  if (ids.length === 0) return [];
  const lease = `${owner}/${now}`;
  await tx.update(webhookDeliveries).set({ leaseOwner: lease, leaseUntil: now + leaseMs }).where(inArray(webhookDeliveries.id, ids)).run();
  const rows = await tx
    .select({
      deliveryId: webhookDeliveries.id,
      subscriptionId: webhookSubscriptions.id,
      institutionId: webhookSubscriptions.institutionId,
      url: webhookSubscriptions.url,
      secretSealed: webhookSubscriptions.secretSealed,
      event: events,
      institutionCode: institutions.code,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .innerJoin(events, eq(events.sequence, webhookDeliveries.eventSequence))
    .innerJoin(institutions, eq(institutions.id, events.institutionId))
    .where(inArray(webhookDeliveries.id, ids))
    .all();
  return rows.map(({ event, institutionCode, ...r }) => ({
    ...r,
    lease,
    event: { id: event.eventId, sequence: event.sequence, type: event.type, occurredAt: event.occurredAt.toISOString(), institutionCode, payload: event.payload },
  }));
}

/**
 * An attempt's outcome, if this worker still holds its lease (else another
 * took the attempt over and this one is dropped: delivery is at least once).
 * A 2xx: DELIVERED. A failure: retried later, or FAILED 24 h after the first
 * attempt; three days of failures deactivate the subscription. A finished
 * delivery lets the subscription's next event go.
 */
export async function recordOutcome(tx: Db, attempt: ClaimedAttempt, outcome: AttemptOutcome, now: number, random: () => number): Promise<void> {
  const row = await tx
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, attempt.deliveryId), eq(webhookDeliveries.leaseOwner, attempt.lease)))
    .get();
  if (!row) return;
  const first = row.firstAttemptAt?.getTime() ?? now;
  const attempts = row.attempts + 1;
  const failed = !outcome.ok && now - first >= DELIVERY_RULES.failAfterMs;
  const retryAt = Math.min(now + retryDelayMs(attempts, random), first + DELIVERY_RULES.failAfterMs);
  await tx
    .update(webhookDeliveries)
    .set({
      status: outcome.ok ? 'DELIVERED' : failed ? 'FAILED' : 'PENDING',
      attempts,
      firstAttemptAt: new Date(first),
      lastAttemptAt: new Date(now),
      nextAttemptAt: outcome.ok || failed ? null : new Date(retryAt),
      responseStatus: outcome.status,
      lastError: outcome.error,
      leaseOwner: null,
      leaseUntil: null,
    })
    .where(eq(webhookDeliveries.id, row.id))
    .run();
  const sub = eq(webhookSubscriptions.id, row.subscriptionId);
  if (outcome.ok) {
    await tx.update(webhookSubscriptions).set({ failingSince: null }).where(sub).run();
  } else {
    await tx.update(webhookSubscriptions).set({ failingSince: new Date(now) }).where(and(sub, isNull(webhookSubscriptions.failingSince))).run();
    await tx
      .update(webhookSubscriptions)
      .set({ active: false })
      .where(and(sub, sql`${webhookSubscriptions.failingSince} <= ${now - DELIVERY_RULES.deactivateAfterMs}`))
      .run();
  }
  if (outcome.ok || failed) await issueNext(tx, now, [row.subscriptionId]);
}

/** Gives back leases this worker holds without an outcome (a stop): the attempts are made again, promptly. */
export async function releaseLeases(tx: Db, leases: { deliveryId: number; lease: string }[]): Promise<void> {
  for (const { deliveryId, lease } of leases) {
    await tx
      .update(webhookDeliveries)
      .set({ leaseOwner: null, leaseUntil: null })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.leaseOwner, lease)))
      .run();
  }
}
