import { eq, inArray } from 'drizzle-orm';
import { chunked } from '../../db/batch';
import type { Db } from '../../db/database';
import { institutions, learners } from '../../db/schema';
import type { Problems } from '../../core/problems';

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

/** How a mutation names a learner: NIP, or e-mail for learners without one. */
export interface LearnerReference {
  nip?: string | null;
  email?: string | null;
}

/**
 * Learner ids for a mutation's list of references (`field[i].nip` or
 * `.email`), set-based; notes a problem for every missing, unknown or repeated
 * learner and answers null for it.
 */
export function resolveLearnerEntries(db: Db, entries: LearnerReference[], field: string, p: Problems): (number | null)[] {
  const nips = entries.map((e) => e.nip?.trim() || null);
  const emails = entries.map((e, i) => (nips[i] === null && e.email?.trim() ? p.email(e.email, [field, i, 'email']) : null));
  const byNip = learnersByNip(db, nips.filter((n): n is string => n !== null));
  const byEmail = new Map<string, number>();
  for (const part of chunked([...new Set(emails.filter((e): e is string => e !== null))], 500)) {
    for (const r of db.select({ id: learners.id, email: learners.email }).from(learners).where(inArray(learners.email, part)).all()) {
      byEmail.set(r.email!, r.id);
    }
  }
  const seen = new Map<number, number>();
  return entries.map((entry, i) => {
    const nip = nips[i];
    const email = emails[i];
    const key = nip ? 'nip' : 'email';
    if (!nip && !entry.email?.trim()) {
      p.add([field, i, 'nip'], 'REQUIRED', 'Give the learner’s NIP or, for learners without one, e-mail');
      return null;
    }
    const id = nip ? byNip.get(nip)?.id : email ? byEmail.get(email) : undefined;
    if (id === undefined) {
      if (nip || email) p.add([field, i, key], 'NOT_FOUND', nip ? `No learner has NIP ${nip}` : `No learner has e-mail ${email}`);
      return null;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      p.add([field, i, key], 'DUPLICATE', `Same learner as ${field}[${first}]`);
      return null;
    }
    seen.set(id, i);
    return id;
  });
}
