import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, timestamp, timestamps } from './columns';
import { institutions } from './institutions';
import { learners, positions } from './learners';

export const COMPETENCY_GROUPS = ['TECHNICAL', 'MANAGERIAL', 'SOCIO_CULTURAL'] as const;
export type CompetencyGroupName = (typeof COMPETENCY_GROUPS)[number];

/** A framework is named by its code; `version` is the framework's current edition. */
export const competencyFrameworks = sqliteTable(
  'competency_frameworks',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    /** Null for frameworks written by a SUPERADMIN; else the SYNC_CLIENT's institution. */
    ownerId: integer('owner_id').references(() => institutions.id),
    contentHash: text('content_hash').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('competency_frameworks_code_unique').on(t.code)],
);

/**
 * Competency codes are unique across frameworks: positions, outcomes and
 * assessments refer to a competency by its code alone.
 */
export const competencies = sqliteTable(
  'competencies',
  {
    id: integer('id').primaryKey(),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => competencyFrameworks.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    group: text('group', { enum: COMPETENCY_GROUPS }).notNull(),
    description: text('description'),
    position: integer('position').notNull(),
  },
  (t) => [uniqueIndex('competencies_code_unique').on(t.code), index('competencies_framework_idx').on(t.frameworkId, t.position)],
);

export const competencyLevels = sqliteTable(
  'competency_levels',
  {
    competencyId: integer('competency_id')
      .notNull()
      .references(() => competencies.id, { onDelete: 'cascade' }),
    level: integer('level').notNull(),
    description: text('description').notNull(),
  },
  (t) => [primaryKey({ columns: [t.competencyId, t.level] })],
);

export const positionRequirements = sqliteTable(
  'position_requirements',
  {
    positionId: integer('position_id')
      .notNull()
      .references(() => positions.id, { onDelete: 'cascade' }),
    competencyId: integer('competency_id')
      .notNull()
      .references(() => competencies.id),
    level: integer('level').notNull(),
  },
  (t) => [primaryKey({ columns: [t.positionId, t.competencyId] })],
);

/** Every assessment is kept; a learner's current level is the latest one. */
export const competencyAssessments = sqliteTable(
  'competency_assessments',
  {
    id: integer('id').primaryKey(),
    learnerId: integer('learner_id')
      .notNull()
      .references(() => learners.id),
    competencyId: integer('competency_id')
      .notNull()
      .references(() => competencies.id),
    level: integer('level').notNull(),
    assessedAt: timestamp('assessed_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('competency_assessments_unique').on(t.learnerId, t.competencyId, t.assessedAt),
    index('competency_assessments_latest_idx').on(t.learnerId, t.competencyId, sql`${t.assessedAt} DESC`),
  ],
);

export type CompetencyFrameworkRow = typeof competencyFrameworks.$inferSelect;
export type CompetencyRow = typeof competencies.$inferSelect;
export type CompetencyLevelRow = typeof competencyLevels.$inferSelect;
export type PositionRequirementRow = typeof positionRequirements.$inferSelect;
export type CompetencyAssessmentRow = typeof competencyAssessments.$inferSelect;
