import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, revision, timestamp } from './columns';
import { curricula, curriculumModules } from './curricula';
import { institutions } from './institutions';
import { learners } from './learners';

export const ENROLLMENT_STATUSES = ['ENROLLED', 'COMPLETED', 'WITHDRAWN'] as const;
export type EnrollmentStatusName = (typeof ENROLLMENT_STATUSES)[number];

/** An intake of one curriculum version at an institution. */
export const cohorts = sqliteTable(
  'cohorts',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    curriculumId: integer('curriculum_id')
      .notNull()
      .references(() => curricula.id),
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id),
    /** 'YYYY-MM-DD' */
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    /** Stored as given; the certificates module validates and links it. */
    certificateRuleCode: text('certificate_rule_code'),
    /** A cancelled cohort takes no enrolments, completions or scores and issues no certificate. */
    cancelledAt: timestamp('cancelled_at'),
    cancellationReason: text('cancellation_reason'),
    revision: revision(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('cohorts_code_unique').on(t.code),
    index('cohorts_curriculum_idx').on(t.curriculumId),
    index('cohorts_institution_idx').on(t.institutionId),
  ],
);

export const enrollments = sqliteTable(
  'enrollments',
  {
    id: integer('id').primaryKey(),
    cohortId: integer('cohort_id')
      .notNull()
      .references(() => cohorts.id),
    learnerId: integer('learner_id')
      .notNull()
      .references(() => learners.id),
    status: text('status', { enum: ENROLLMENT_STATUSES }).notNull(),
    enrolledAt: timestamp('enrolled_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
    completedAt: timestamp('completed_at'),
    /** Kept with its reason; a withdrawn learner is not eligible for the cohort's certificate. */
    withdrawnAt: timestamp('withdrawn_at'),
    withdrawalReason: text('withdrawal_reason'),
  },
  (t) => [
    uniqueIndex('enrollments_cohort_learner_unique').on(t.cohortId, t.learnerId),
    index('enrollments_learner_idx').on(t.learnerId),
  ],
);

/** Re-recording a module for an enrolment replaces the earlier completion. */
export const moduleCompletions = sqliteTable(
  'module_completions',
  {
    id: integer('id').primaryKey(),
    enrollmentId: integer('enrollment_id')
      .notNull()
      .references(() => enrollments.id),
    moduleId: integer('module_id')
      .notNull()
      .references(() => curriculumModules.id, { onDelete: 'cascade' }),
    completedAt: timestamp('completed_at').notNull(),
    score: real('score'),
  },
  (t) => [uniqueIndex('module_completions_unique').on(t.enrollmentId, t.moduleId)],
);

export type CohortRow = typeof cohorts.$inferSelect;
export type EnrollmentRow = typeof enrollments.$inferSelect;
export type ModuleCompletionRow = typeof moduleCompletions.$inferSelect;
