import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { revision, timestamp, timestamps } from './columns';
import { institutions } from './institutions';

export const EMPLOYMENT_TYPES = ['PNS', 'PPPK', 'NON_ASN'] as const;
/** Who a participant is, reported in totals: ASN, or the groups the poverty-reduction academy serves. */
export const PARTICIPANT_CATEGORIES = ['ASN', 'BUMDES', 'BUSINESS', 'ACADEMIA', 'COMMUNITY', 'OTHER'] as const;
export type ParticipantCategoryName = (typeof PARTICIPANT_CATEGORIES)[number];

export const positions = sqliteTable(
  'positions',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('positions_code_unique').on(t.code)],
);

export const learners = sqliteTable(
  'learners',
  {
    id: integer('id').primaryKey(),
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id),
    nip: text('nip'),
    /** Stored lower-case: matching by e-mail is case-insensitive. */
    email: text('email'),
    name: text('name').notNull(),
    employmentType: text('employment_type', { enum: EMPLOYMENT_TYPES }).notNull(),
    positionId: integer('position_id').references(() => positions.id),
    /** Null: ASN for PNS and PPPK, OTHER for NON_ASN. */
    participantCategory: text('participant_category', { enum: PARTICIPANT_CATEGORIES }),
    /** A deactivated learner keeps every record and certificate, and gets no new token, enrolment or certificate. */
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    deactivatedAt: timestamp('deactivated_at'),
    revision: revision(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('learners_nip_unique').on(t.nip).where(sql`${t.nip} IS NOT NULL`),
    uniqueIndex('learners_email_unique').on(t.email).where(sql`${t.email} IS NOT NULL`),
    index('learners_institution_name_idx').on(t.institutionId, t.name, t.id),
  ],
);

export type LearnerRow = typeof learners.$inferSelect;
export type PositionRow = typeof positions.$inferSelect;
