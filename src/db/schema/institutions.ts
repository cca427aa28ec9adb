import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { createdAt, revision } from './columns';

export const INSTITUTION_KINDS = [
  'NATIONAL_AGENCY',
  'TRAINING_AGENCY',
  'LOCAL_GOVERNMENT',
  'GOVERNMENT_UNIT',
  'COMMUNITY_PARTNER',
] as const;

/** Indonesia's three zones; an institution without one takes its nearest ancestor's, else WIB. */
export const TIME_ZONES = ['WIB', 'WITA', 'WIT'] as const;
export type TimeZoneName = (typeof TIME_ZONES)[number];
/** The IANA zone of each: dates and years are computed in it. */
export const IANA_ZONES: Record<TimeZoneName, string> = { WIB: 'Asia/Jakarta', WITA: 'Asia/Makassar', WIT: 'Asia/Jayapura' };

export const institutions = sqliteTable(
  'institutions',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: INSTITUTION_KINDS }).notNull(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => institutions.id),
    /** Materialised ancestry, `/1/4/9/`: a subtree is `path LIKE '/1/4/%'`. */
    path: text('path').notNull(),
    region: text('region'),
    isCorporateUniversity: integer('is_corporate_university', { mode: 'boolean' }).notNull().default(false),
    /** Yearly JP target for its PNS/PPPK when it differs from the national 20. */
    targetJp: integer('target_jp'),
    timeZone: text('time_zone', { enum: TIME_ZONES }),
    revision: revision(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('institutions_code_unique').on(sql`lower(${t.code})`),
    index('institutions_parent_idx').on(t.parentId),
    index('institutions_path_idx').on(t.path),
  ],
);

export type InstitutionRow = typeof institutions.$inferSelect;
