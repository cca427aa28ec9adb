import DataLoader from 'dataloader';
import type { Database } from '../../db/database';
import { selectByKeys } from '../../db/keyed';
import { institutions, type InstitutionRow } from '../../db/schema';
import { byKey } from '../../core/by-key';
import { pageLoader } from '../../db/page-loader';
import type { InstitutionService } from './institution.service';

export function createInstitutionLoaders(db: Database) {
  return {
    institutionById: new DataLoader<number, InstitutionRow | null>(async (ids) =>
      byKey(ids, await selectByKeys(db.read, institutions, institutions.id, ids), (r) => r.id),
    ),
  };
}

export function createInstitutionListLoaders(institutions: InstitutionService) {
  return {
    /** `Institution.children` pages, batched across the institutions of a list. */
    childrenOfInstitution: pageLoader<InstitutionRow, InstitutionRow>((parents, args) => institutions.childPages(parents, args)),
  };
}
