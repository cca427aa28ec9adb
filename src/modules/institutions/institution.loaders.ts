import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { institutions, type InstitutionRow } from '../../db/schema';
import { byKey } from '../../graphql/loader-utils';

export function createInstitutionLoaders(db: Database) {
  return {
    institutionById: new DataLoader<number, InstitutionRow | null>(async (ids) =>
      byKey(ids, db.read.select().from(institutions).where(inArray(institutions.id, [...ids])).all(), (r) => r.id),
    ),
  };
}
