import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, timestamp } from './columns';
import { events, type EventTypeName } from './events';
import { institutions } from './institutions';

export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;
export type WebhookDeliveryStatusName = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** A receiver of an institution subtree's events of the types it names. */
export const webhookSubscriptions = sqliteTable(
  'webhook_subscriptions',
  {
    id: integer('id').primaryKey(),
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id),
    url: text('url').notNull(),
    eventTypes: text('event_types', { mode: 'json' }).$type<EventTypeName[]>().notNull(),
    description: text('description'),
    /** The signing secret, AES-256-GCM under the server's webhook key (never stored in clear). */
    secretSealed: text('secret_sealed').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /**
     * The last event sequence handed to a delivery row (or passed over as not
     * this subscription's): deliveries are created one at a time behind it, so
     * issuing events writes nothing per subscription.
     */
    cursor: integer('cursor').notNull(),
    /** The first failed attempt since the last 2xx: three days of it deactivate the subscription. */
    failingSince: timestamp('failing_since'),
    createdAt: createdAt(),
    createdBy: text('created_by'),
  },
  (t) => [index('webhook_subscriptions_institution_idx').on(t.institutionId)],
);

/** One event's delivery to one subscription, with its attempts so far. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey(),
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id),
    eventSequence: integer('event_sequence')
      .notNull()
      .references(() => events.sequence),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    /** Start of the current 24-hour window (the first attempt, or the redelivery). */
    firstAttemptAt: timestamp('first_attempt_at'),
    lastAttemptAt: timestamp('last_attempt_at'),
    nextAttemptAt: timestamp('next_attempt_at'),
    responseStatus: integer('response_status'),
    lastError: text('last_error'),
    /** A worker's claim on the attempt in flight; another process may take it over once it has expired. */
    leaseOwner: text('lease_owner'),
    leaseUntil: integer('lease_until'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_subscription_event_unique').on(t.subscriptionId, t.eventSequence),
    index('webhook_deliveries_pending_idx').on(t.status, t.subscriptionId).where(sql`status = 'PENDING'`),
  ],
);

export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
