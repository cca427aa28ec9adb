import DataLoader from 'dataloader';
import type { Database } from '../../db/database';
import { selectByKeys } from '../../db/keyed';
import { institutions, type InstitutionRow } from '../../db/schema';
import { byKey } from '../../core/by-key';

export function createInstitutionLoaders(db: Database) {
  return {
    institutionById: new DataLoader<number, InstitutionRow | null>(async (ids) =>
      byKey(ids, selectByKeys(db.read, institutions, institutions.id, ids), (r) => r.id),
    ),
  };
}
