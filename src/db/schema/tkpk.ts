import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { revision, timestamp } from './columns';
import { curricula } from './curricula';
import { institutions } from './institutions';
import { webinarSessions } from './webinars';

/** Permendagri 53/2020: the three program groups of poverty reduction. */
export const TKPK_PROGRAM_GROUPS = [
  'SOCIAL_ASSISTANCE_AND_SECURITY',
  'COMMUNITY_AND_MICRO_ENTERPRISE_EMPOWERMENT',
  'OTHER_WELFARE_PROGRAMS',
] as const;
/** The four strategies TKPK reports by. */
export const POVERTY_STRATEGIES = [
  'REDUCE_SPENDING_BURDEN',
  'RAISE_CAPABILITY_AND_INCOME',
  'STRENGTHEN_MICRO_SMALL_ENTERPRISE',
  'POLICY_SYNERGY',
] as const;
export type TkpkProgramGroupName = (typeof TKPK_PROGRAM_GROUPS)[number];
export type PovertyStrategyName = (typeof POVERTY_STRATEGIES)[number];
/** The two lists share no value, so one column holds a tag of either. */
export const TKPK_TAGS = [...TKPK_PROGRAM_GROUPS, ...POVERTY_STRATEGIES] as const;
export type TkpkTagName = (typeof TKPK_TAGS)[number];

/** A curriculum version's program groups and strategies; (tag, curriculum) indexed for the catalogue filter. */
export const curriculumTkpkTags = sqliteTable(
  'curriculum_tkpk_tags',
  {
    curriculumId: integer('curriculum_id')
      .notNull()
      .references(() => curricula.id, { onDelete: 'cascade' }),
    tag: text('tag', { enum: TKPK_TAGS }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.curriculumId, t.tag] }), index('curriculum_tkpk_tags_tag_idx').on(t.tag, t.curriculumId)],
);

/** A webinar session's program groups and strategies. */
export const sessionTkpkTags = sqliteTable(
  'session_tkpk_tags',
  {
    sessionId: integer('session_id')
      .notNull()
      .references(() => webinarSessions.id, { onDelete: 'cascade' }),
    tag: text('tag', { enum: TKPK_TAGS }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.tag] }), index('session_tkpk_tags_tag_idx').on(t.tag, t.sessionId)],
);

export const LOGO_TYPES = ['image/png', 'image/jpeg'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

/** Who signs an issuer's certificates, shown on the PDF and the verification page; one per issuer. */
export const certificateSignatories = sqliteTable('certificate_signatories', {
  institutionId: integer('institution_id')
    .primaryKey()
    .references(() => institutions.id),
  name: text('name').notNull(),
  position: text('position').notNull(),
  nip: text('nip').notNull(),
  logo: blob('logo', { mode: 'buffer' }),
  logoType: text('logo_type', { enum: LOGO_TYPES }),
  revision: revision(),
  updatedAt: timestamp('updated_at').notNull(),
});

export type CertificateSignatoryRow = typeof certificateSignatories.$inferSelect;
