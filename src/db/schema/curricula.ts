import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, timestamp, timestamps } from './columns';
import { competencies } from './competencies';
import { institutions } from './institutions';

export const CURRICULUM_STATUSES = ['DRAFT', 'PUBLISHED', 'RETIRED'] as const;
export const LEARNING_APPROACHES = ['OUTCOME_BASED', 'COMPETENCY_BASED', 'CONVENTIONAL'] as const;
export const DELIVERY_MODES = ['CLASSROOM', 'E_LEARNING', 'BLENDED', 'WEBINAR', 'FIELD_PROJECT', 'COACHING'] as const;
export const CHANGE_TYPES = ['CREATED', 'UPDATED', 'RETIRED'] as const;
export type CurriculumStatusName = (typeof CURRICULUM_STATUSES)[number];
export type LearningApproachName = (typeof LEARNING_APPROACHES)[number];
export type DeliveryModeName = (typeof DELIVERY_MODES)[number];
export type ChangeTypeName = (typeof CHANGE_TYPES)[number];

/**
 * Who owns a curriculum code: the owner of its first version. Every version
 * of the code has this owner; triggers (migration 0004) refuse a curriculum
 * row whose owner differs, so a write must claim the code here first.
 */
export const curriculumCodes = sqliteTable('curriculum_codes', {
  code: text('code').primaryKey(),
  ownerId: integer('owner_id')
    .notNull()
    .references(() => institutions.id),
});

/** One curriculum version, named by (code, version); `revision` counts its content changes. */
export const curricula = sqliteTable(
  'curricula',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    revision: integer('revision').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => institutions.id),
    status: text('status', { enum: CURRICULUM_STATUSES }).notNull(),
    approach: text('approach', { enum: LEARNING_APPROACHES }).notNull(),
    totalJp: integer('total_jp').notNull(),
    /** SHA-256 of the normalised content: equal content means UNCHANGED. */
    contentHash: text('content_hash').notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('curricula_code_version_unique').on(t.code, t.version),
    index('curricula_owner_idx').on(t.ownerId),
    index('curricula_status_idx').on(t.status, t.code, t.version),
  ],
);

export const curriculumOutcomes = sqliteTable(
  'curriculum_outcomes',
  {
    id: integer('id').primaryKey(),
    curriculumId: integer('curriculum_id')
      .notNull()
      .references(() => curricula.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    statement: text('statement').notNull(),
    competencyId: integer('competency_id')
      .notNull()
      .references(() => competencies.id),
    targetLevel: integer('target_level').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    uniqueIndex('curriculum_outcomes_code_unique').on(t.curriculumId, t.code),
    index('curriculum_outcomes_competency_idx').on(t.competencyId, t.targetLevel),
  ],
);

export const curriculumModules = sqliteTable(
  'curriculum_modules',
  {
    id: integer('id').primaryKey(),
    curriculumId: integer('curriculum_id')
      .notNull()
      .references(() => curricula.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    title: text('title').notNull(),
    jp: integer('jp').notNull(),
    deliveryMode: text('delivery_mode', { enum: DELIVERY_MODES }).notNull(),
    sequence: integer('sequence').notNull(),
  },
  (t) => [
    uniqueIndex('curriculum_modules_code_unique').on(t.curriculumId, t.code),
    index('curriculum_modules_sequence_idx').on(t.curriculumId, t.sequence),
  ],
);

export const curriculumModuleOutcomes = sqliteTable(
  'curriculum_module_outcomes',
  {
    moduleId: integer('module_id')
      .notNull()
      .references(() => curriculumModules.id, { onDelete: 'cascade' }),
    outcomeId: integer('outcome_id')
      .notNull()
      .references(() => curriculumOutcomes.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.moduleId, t.outcomeId] })],
);

/**
 * The change feed. Rows are written in the transaction of the change and
 * transactions commit one at a time, so a committed sequence never has a
 * smaller one still to appear; AUTOINCREMENT never reuses a number.
 */
export const curriculumChanges = sqliteTable(
  'curriculum_changes',
  {
    sequence: integer('sequence').primaryKey({ autoIncrement: true }),
    curriculumId: integer('curriculum_id')
      .notNull()
      .references(() => curricula.id),
    changeType: text('change_type', { enum: CHANGE_TYPES }).notNull(),
    revision: integer('revision').notNull(),
    /** The curriculum's status right after the change: one that left it a DRAFT stays hidden from outsiders (hence the default). */
    status: text('status', { enum: CURRICULUM_STATUSES }).notNull().default('DRAFT'),
    changedAt: timestamp('changed_at').notNull(),
  },
);

/** First answers of idempotent mutations, per token and operation; kept at least 7 days. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    id: integer('id').primaryKey(),
    scope: text('scope').notNull(),
    operation: text('operation').notNull(),
    key: text('key').notNull(),
    response: text('response', { mode: 'json' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('idempotency_keys_unique').on(t.scope, t.operation, t.key),
    index('idempotency_keys_created_idx').on(t.createdAt),
  ],
);

export type CurriculumCodeRow = typeof curriculumCodes.$inferSelect;
export type CurriculumRow = typeof curricula.$inferSelect;
export type CurriculumOutcomeRow = typeof curriculumOutcomes.$inferSelect;
export type CurriculumModuleRow = typeof curriculumModules.$inferSelect;
export type CurriculumChangeRow = typeof curriculumChanges.$inferSelect;
