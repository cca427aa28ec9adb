import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, timestamp } from './columns';
import { institutions } from './institutions';
import { learners } from './learners';

export const ROLES = ['SUPERADMIN', 'INSTITUTION_ADMIN', 'SYNC_CLIENT', 'LEARNER', 'EVENT_READER'] as const;
export type RoleName = (typeof ROLES)[number];

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    institutionId: integer('institution_id').references(() => institutions.id),
    learnerId: integer('learner_id').references(() => learners.id),
    /** SHA-256 of the secret, hex; the secret itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    createdBy: text('created_by'),
    revokedAt: timestamp('revoked_at'),
    /** After it the token is refused; null: until revoked. */
    expiresAt: timestamp('expires_at'),
    /** Recorded at most once a minute per token (see usage-recorder.ts). */
    lastUsedAt: timestamp('last_used_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_unique').on(t.tokenHash), index('api_tokens_institution_idx').on(t.institutionId)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey(),
    at: createdAt(),
    actor: text('actor').notNull(),
    actorTokenId: integer('actor_token_id'),
    /** Institution in whose scope the change happened; admins see their subtree's entries. */
    institutionId: integer('institution_id').references(() => institutions.id),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    summary: text('summary').notNull(),
  },
  (t) => [index('audit_log_action_idx').on(t.action, t.id)],
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type AuditLogRow = typeof auditLog.$inferSelect;
