import { eq, inArray } from 'drizzle-orm';
import { chunked } from '../../db/batch';
import type { Db } from '../../db/database';
import { institutions, learners } from '../../db/schema';

export interface LearnerRef {
  id: number;
  nip: string;
  institutionId: number;
  institutionPath: string;
}

/** Learners by NIP with their institution's path (for scope checks), one query per 500 NIPs. */
export function learnersByNip(db: Db, nips: Iterable<string>): Map<string, LearnerRef> {
  const found = new Map<string, LearnerRef>();
  for (const part of chunked([...new Set(nips)], 500)) {
    const rows = db
      .select({ id: learners.id, nip: learners.nip, institutionId: learners.institutionId, institutionPath: institutions.path })
      .from(learners)
      .innerJoin(institutions, eq(institutions.id, learners.institutionId))
      .where(inArray(learners.nip, part))
      .all();
    for (const r of rows) found.set(r.nip!, { ...r, nip: r.nip! });
  }
  return found;
}
