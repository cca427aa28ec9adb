import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, timestamp } from './columns';
import { institutions } from './institutions';

/** An institution's OpenID Connect provider, whose ID tokens sign its learners in. */
export const identityProviders = sqliteTable(
  'identity_providers',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    issuer: text('issuer').notNull(),
    audience: text('audience').notNull(),
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id),
    nipClaim: text('nip_claim').notNull(),
    emailClaim: text('email_claim').notNull(),
    createLearners: integer('create_learners', { mode: 'boolean' }).notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(sql`1`),
    createdAt: createdAt(),
    createdBy: text('created_by'),
    /** Recorded at most once a minute per provider. */
    lastSignInAt: timestamp('last_sign_in_at'),
  },
  (t) => [
    uniqueIndex('identity_providers_issuer_audience_unique').on(t.issuer, t.audience),
    index('identity_providers_institution_idx').on(t.institutionId),
  ],
);

export type IdentityProviderRow = typeof identityProviders.$inferSelect;
