import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { timestamp } from './columns';
import { institutions } from './institutions';
import { learners } from './learners';

export const EVENT_TYPES = [
  'CERTIFICATE_ISSUED',
  'CERTIFICATE_REVOKED',
  'LEARNER_TARGET_MET',
  'ENROLLMENT_COMPLETED',
  'ENROLLMENT_WITHDRAWN',
  'ATTENDANCE_RECORDED',
  'CURRICULUM_CHANGED',
  'LEARNER_CHANGED',
] as const;
export type EventTypeName = (typeof EVENT_TYPES)[number];

/**
 * The transactional outbox: every event is inserted in the write transaction
 * of its change. `sequence` is commit order: every write transaction holds
 * the database's write lock (`BEGIN IMMEDIATE`, across server processes too),
 * so a sequence handed out inside one can never be overtaken by a smaller one
 * committing later; AUTOINCREMENT never reuses a number.
 */
export const events = sqliteTable(
  'events',
  {
    sequence: integer('sequence').primaryKey({ autoIncrement: true }),
    /**
     * Stable, so receivers can deduplicate: the time in milliseconds (12 hex
     * digits) then 80 random bits. Leading with the time keeps inserts into
     * its unique index at the end of the index, as the sequence's are.
     */
    eventId: text('event_id')
      .notNull()
      .default(sql`('evt_' || printf('%012x', CAST(unixepoch('subsec') * 1000 AS INTEGER)) || lower(hex(randomblob(10))))`),
    type: text('type', { enum: EVENT_TYPES }).notNull(),
    occurredAt: timestamp('occurred_at').notNull(),
    /** The learner's institution (the curriculum owner's for CURRICULUM_CHANGED). */
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id),
    /**
     * A second institution that also sees the event: a certificate's issuer,
     * or the institution a moved learner left.
     */
    alsoInstitutionId: integer('also_institution_id').references(() => institutions.id),
    /** What the event names, as it was then (learner NIP or e-mail, certificate number, JP, institution code). */
    payload: text('payload', { mode: 'json' }).notNull(),
  },
  (t) => [
    uniqueIndex('events_event_id_unique').on(t.eventId),
    index('events_institution_idx').on(t.institutionId, t.sequence),
    index('events_also_institution_idx').on(t.alsoInstitutionId, t.sequence),
  ],
);

/** Learners and years whose LEARNER_TARGET_MET was written: it fires once, even after a revoke and re-issue. */
export const learnerTargetMet = sqliteTable(
  'learner_target_met',
  {
    learnerId: integer('learner_id')
      .notNull()
      .references(() => learners.id),
    year: integer('year').notNull(),
  },
  (t) => [primaryKey({ columns: [t.learnerId, t.year] })],
);

export type EventRow = typeof events.$inferSelect;
