import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { createdAt, revision, timestamp } from './columns';
import { institutions } from './institutions';
import { learners } from './learners';

export const PLATFORMS = ['ZOOM', 'YOUTUBE', 'OTHER'] as const;
export const SESSION_STATUSES = ['SCHEDULED', 'CANCELLED'] as const;
export const ATTENDANCE_SOURCES = ['ZOOM_REPORT', 'FORM', 'MANUAL'] as const;
/** Evidence an admin records by hand; Zoom evidence comes from imports. */
export const RECORDED_SOURCES = ['FORM', 'MANUAL'] as const;
export type AttendanceSourceName = (typeof ATTENDANCE_SOURCES)[number];

export const webinarSeries = sqliteTable(
  'webinar_series',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    organizerId: integer('organizer_id')
      .notNull()
      .references(() => institutions.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('webinar_series_code_unique').on(sql`lower(${t.code})`), index('webinar_series_organizer_idx').on(t.organizerId)],
);

export const webinarSessions = sqliteTable(
  'webinar_sessions',
  {
    id: integer('id').primaryKey(),
    seriesId: integer('series_id')
      .notNull()
      .references(() => webinarSeries.id),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at').notNull(),
    endsAt: timestamp('ends_at').notNull(),
    /** Offset the organiser scheduled in (WIB +420, WITA +480, WIT +540): times are shown and Zoom reports read in it. */
    utcOffsetMinutes: integer('utc_offset_minutes').notNull(),
    jp: integer('jp').notNull(),
    /** Code of the certificate rule, as given; the certificates module resolves it. */
    certificateRuleCode: text('certificate_rule_code'),
    /** A cancelled session takes no attendance or scores and issues no certificate; it stays listed. */
    status: text('status', { enum: SESSION_STATUSES }).notNull().default('SCHEDULED'),
    cancelledAt: timestamp('cancelled_at'),
    cancellationReason: text('cancellation_reason'),
    revision: revision(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webinar_sessions_series_number_unique').on(t.seriesId, t.number),
    index('webinar_sessions_starts_idx').on(t.startsAt, t.id),
  ],
);

export const webinarSessionChannels = sqliteTable(
  'webinar_session_channels',
  {
    id: integer('id').primaryKey(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => webinarSessions.id),
    position: integer('position').notNull(),
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    url: text('url'),
  },
  (t) => [uniqueIndex('webinar_session_channels_position_unique').on(t.sessionId, t.position)],
);

export const webinarSessionCompetencies = sqliteTable(
  'webinar_session_competencies',
  {
    sessionId: integer('session_id')
      .notNull()
      .references(() => webinarSessions.id),
    competencyCode: text('competency_code').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.competencyCode] }),
    index('webinar_session_competencies_code_idx').on(t.competencyCode, t.sessionId),
  ],
);

/** One accepted Zoom report file; the same bytes twice for a session is refused by the unique index. */
export const attendanceImports = sqliteTable(
  'attendance_imports',
  {
    id: integer('id').primaryKey(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => webinarSessions.id),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    layout: text('layout').notNull(),
    rowsTotal: integer('rows_total').notNull(),
    rowsMatched: integer('rows_matched').notNull(),
    rowsUnmatched: integer('rows_unmatched').notNull(),
    rowsInvalid: integer('rows_invalid').notNull(),
    rowsSkipped: integer('rows_skipped').notNull(),
    /** JSON `[{ line, message }]` of malformed and skipped rows. */
    errors: text('errors').notNull(),
    importedBy: text('imported_by').notNull(),
    importedAt: createdAt(),
  },
  (t) => [uniqueIndex('attendance_imports_session_sha_unique').on(t.sessionId, t.sha256)],
);

/**
 * Zoom evidence of a matched learner: one row per join/leave line of a report
 * (or one total, without times, from a "unique users" report).
 */
export const zoomIntervals = sqliteTable(
  'zoom_intervals',
  {
    id: integer('id').primaryKey(),
    importId: integer('import_id')
      .notNull()
      .references(() => attendanceImports.id),
    sessionId: integer('session_id')
      .notNull()
      .references(() => webinarSessions.id),
    learnerId: integer('learner_id')
      .notNull()
      .references(() => learners.id),
    line: integer('line').notNull(),
    joinedAt: timestamp('joined_at'),
    leftAt: timestamp('left_at'),
    /** Minutes as the report states them (whole minutes, rounded up). */
    minutes: integer('minutes').notNull(),
  },
  (t) => [index('zoom_intervals_session_learner_idx').on(t.sessionId, t.learnerId)],
);

/** Report rows no learner matched, kept raw until an admin resolves them. */
export const unmatchedAttendanceRows = sqliteTable(
  'unmatched_attendance_rows',
  {
    id: integer('id').primaryKey(),
    importId: integer('import_id')
      .notNull()
      .references(() => attendanceImports.id),
    sessionId: integer('session_id')
      .notNull()
      .references(() => webinarSessions.id),
    line: integer('line').notNull(),
    displayName: text('display_name').notNull(),
    email: text('email'),
    /** An 18-digit number found in the row that matched no learner. */
    nip: text('nip'),
    joinedAt: timestamp('joined_at'),
    leftAt: timestamp('left_at'),
    minutes: integer('minutes').notNull(),
    /** JSON object of the row's cells by header. */
    raw: text('raw').notNull(),
    resolvedLearnerId: integer('resolved_learner_id').references(() => learners.id),
    resolvedAt: timestamp('resolved_at'),
    /** Dismissed rows (a host, a test account) keep their reason and leave the open queue. */
    dismissedAt: timestamp('dismissed_at'),
    dismissalReason: text('dismissal_reason'),
  },
  (t) => [index('unmatched_attendance_session_idx').on(t.sessionId, t.resolvedLearnerId, t.id)],
);

/** Attendance evidence from outside Zoom: forms (YouTube viewers) and admins' corrections. */
export const attendanceRecords = sqliteTable(
  'attendance_records',
  {
    id: integer('id').primaryKey(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => webinarSessions.id),
    learnerId: integer('learner_id')
      .notNull()
      .references(() => learners.id),
    source: text('source', { enum: RECORDED_SOURCES }).notNull(),
    minutes: integer('minutes').notNull(),
    joinedAt: timestamp('joined_at'),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: createdAt(),
  },
  (t) => [index('attendance_records_session_learner_idx').on(t.sessionId, t.learnerId)],
);

/** A row per (session, learner), keyed by both and found by learner too. */
const perSessionLearner = () => ({
  sessionId: integer('session_id')
    .notNull()
    .references(() => webinarSessions.id),
  learnerId: integer('learner_id')
    .notNull()
    .references(() => learners.id),
});
const sessionLearnerKeys = (name: string) => (t: { sessionId: SQLiteColumn; learnerId: SQLiteColumn }) => [
  primaryKey({ columns: [t.sessionId, t.learnerId] }),
  index(`${name}_learner_idx`).on(t.learnerId, t.sessionId),
];

/**
 * Effective minutes per learner and session: the latest MANUAL record if any,
 * else the larger of the Zoom union and FORM. Recomputed in the transaction
 * that changes the evidence; certificate eligibility reads it set-based.
 */
export const sessionAttendance = sqliteTable(
  'session_attendance',
  {
    ...perSessionLearner(),
    minutes: integer('minutes').notNull(),
    source: text('source', { enum: ATTENDANCE_SOURCES }).notNull(),
    firstJoinAt: timestamp('first_join_at'),
    lastLeaveAt: timestamp('last_leave_at'),
    updatedAt: timestamp('updated_at').notNull(),
  },
  sessionLearnerKeys('session_attendance'),
);

/**
 * A learner's registration for a session, by themself or by their own
 * institution's admins: what lets an organiser outside the learner's
 * institution record evidence for them (see `policy.canRecordEvidence`).
 */
export const sessionRegistrations = sqliteTable(
  'session_registrations',
  {
    ...perSessionLearner(),
    /** The token name that registered: the learner's own, or an admin's of their institution. */
    registeredBy: text('registered_by').notNull(),
    createdAt: createdAt(),
  },
  sessionLearnerKeys('session_registrations'),
);

export type WebinarSeriesRow = typeof webinarSeries.$inferSelect;
export type WebinarSessionRow = typeof webinarSessions.$inferSelect;
export type WebinarChannelRow = typeof webinarSessionChannels.$inferSelect;
export type AttendanceImportRow = typeof attendanceImports.$inferSelect;
export type ZoomIntervalRow = typeof zoomIntervals.$inferSelect;
export type UnmatchedAttendanceRow = typeof unmatchedAttendanceRows.$inferSelect;
export type AttendanceRecordRow = typeof attendanceRecords.$inferSelect;
export type SessionAttendanceRow = typeof sessionAttendance.$inferSelect;
