import type { Problems } from '../../core/problems';
import type { Db } from '../../db/database';
import { jsonValuesText, storableKeys } from '../../db/portable';
import { statement } from '../../db/statement';
import type { LearnerRow } from '../../db/schema';

/** A learner as matching finds them: the row and their institution's path, for the access policy. */
export type MatchedLearner = LearnerRow & { institutionPath: string };

/** How an input, a file row or a report row names a learner. */
export interface LearnerReference {
  nip?: string | null;
  email?: string | null;
  learnerId?: number | null;
}

/** A learner row as hand-written SQL selecting `LEARNER_COLUMNS` reads it; `toMatchedLearner` makes it a row. */
export interface RawLearner {
  id: number;
  institutionId: number;
  nip: string | null;
  email: string | null;
  name: string;
  employmentType: LearnerRow['employmentType'];
  positionId: number | null;
  participantCategory: LearnerRow['participantCategory'];
  active: number;
  deactivatedAt: number | null;
  revision: number;
  createdAt: number;
  updatedAt: number;
  institutionPath: string;
}

/** The learner columns (`l`) and their institution's path (`i`), for hand-written statements that read learners. */
export const LEARNER_COLUMNS = `l.id, l.institution_id AS "institutionId", l.nip, l.email, l.name, l.employment_type AS "employmentType",
  l.position_id AS "positionId", l.participant_category AS "participantCategory", l.active, l.deactivated_at AS "deactivatedAt", l.revision,
  l.created_at AS "createdAt", l.updated_at AS "updatedAt", i.path AS "institutionPath"`;
export const LEARNER_FROM = 'FROM learners l JOIN institutions i ON i.id = l.institution_id';
const SELECT = `SELECT ${LEARNER_COLUMNS} ${LEARNER_FROM}`;
const byColumn = (column: 'nip' | 'email' | 'id') =>
  statement<[string], RawLearner>((dialect) => `${SELECT} WHERE l.${column} IN (${jsonValuesText(dialect, column === 'id' ? 'integer' : 'text')})`);
const STATEMENTS = { nip: byColumn('nip'), email: byColumn('email'), id: byColumn('id') };
// `registered` as 0/1 through CASE: PostgreSQL's IS NOT NULL is a boolean.
const byNameKeys = statement<[number, string, string], RawLearner & { registered: number }>(
  (dialect) => `SELECT ${LEARNER_COLUMNS}, CASE WHEN r.learner_id IS NOT NULL THEN 1 ELSE 0 END AS registered ${LEARNER_FROM}
     LEFT JOIN session_registrations r ON r.session_id = ? AND r.learner_id = l.id
     WHERE lower(l.name) IN (${jsonValuesText(dialect, 'text')}) AND (i.path LIKE ? || '%' OR r.learner_id IS NOT NULL)
     ORDER BY l.name, l.id`,
);

export const toMatchedLearner = (r: RawLearner): MatchedLearner => ({
  ...r,
  active: r.active === 1,
  deactivatedAt: r.deactivatedAt === null ? null : new Date(r.deactivatedAt),
  createdAt: new Date(r.createdAt),
  updatedAt: new Date(r.updatedAt),
});

/**
 * The learners some references name, found in one statement per kind of key
 * (NIP; e-mail, case-insensitive; id), in a read connection or inside a write
 * transaction. The one way Bangkom matches people: imports, enrolment,
 * completions, scores, attendance and resolving unmatched rows all use it.
 */
export class LearnerMatch {
  private constructor(
    private readonly nips: Map<string, MatchedLearner>,
    private readonly emails: Map<string, MatchedLearner>,
    private readonly ids: Map<number, MatchedLearner>,
  ) {}

  static async find(db: Db, references: Iterable<LearnerReference>): Promise<LearnerMatch> {
    const nips = new Set<string>();
    const emails = new Set<string>();
    const ids = new Set<number>();
    for (const r of references) {
      if (r.nip?.trim()) nips.add(r.nip.trim());
      if (r.email?.trim()) emails.add(r.email.trim().toLowerCase());
      if (r.learnerId != null) ids.add(r.learnerId);
    }
    const load = async <K>(kind: keyof typeof STATEMENTS, keys: Set<K>, keyOf: (l: MatchedLearner) => K) =>
      new Map(keys.size ? (await STATEMENTS[kind](db).all(JSON.stringify(storableKeys(keys)))).map(toMatchedLearner).map((l) => [keyOf(l), l] as const) : []);
    const byNip = await load('nip', nips, (l) => l.nip!);
    const byEmail = await load('email', emails, (l) => l.email!);
    return new LearnerMatch(byNip, byEmail, await load('id', ids, (l) => l.id));
  }

  all(): MatchedLearner[] {
    return [...new Map([...this.ids.values(), ...this.nips.values(), ...this.emails.values()].map((l) => [l.id, l])).values()];
  }

  /** The learner a reference names: by id, else NIP, else e-mail. */
  get(reference: LearnerReference): MatchedLearner | undefined {
    if (reference.learnerId != null) return this.ids.get(reference.learnerId);
    const nip = reference.nip?.trim();
    if (nip) return this.nips.get(nip);
    const email = reference.email?.trim().toLowerCase();
    return email ? this.emails.get(email) : undefined;
  }

  /** A report row's learner: by e-mail first (what people join with), else by NIP. */
  byEmailThenNip(reference: LearnerReference): MatchedLearner | undefined {
    const email = reference.email?.trim().toLowerCase();
    return (email ? this.emails.get(email) : undefined) ?? (reference.nip?.trim() ? this.nips.get(reference.nip.trim()) : undefined);
  }
}

/** The input field a reference was given in, for problems. */
const keyOf = (r: LearnerReference) => (r.learnerId != null ? 'learnerId' : r.nip?.trim() ? 'nip' : 'email');

type Usable = (learner: MatchedLearner) => boolean;

export interface ResolveOptions {
  /** Where entry `i`'s problems go: by default `[field, i, 'nip' | 'email' | 'learnerId']`. */
  at: (i: number, key: string) => (string | number)[];
  /** Whether the caller may act on this learner; a refused one is reported exactly as a missing one. */
  usable?: (learner: MatchedLearner) => boolean;
  /** The same, decided for all the learners found at once (e.g. with one query for their registrations). */
  usableAmong?: (found: MatchedLearner[]) => Usable | Promise<Usable>;
  /** Whether naming the same learner twice is a problem (it is for enrolments, not for completions of several modules). */
  unique?: boolean;
  /** The code for a missing or unusable learner (`policy.unreachableCode`). */
  unreachable?: 'NOT_FOUND' | 'FORBIDDEN';
}

export const entryPath = (field: string) => (i: number, key: string) => [field, i, key];

/**
 * Learners for a mutation's references, set-based. Notes a problem for every
 * missing, unusable or (with `unique`) repeated learner and answers null for
 * it. An unusable learner is reported as a missing one, so the answer does
 * not tell that they exist.
 */
export async function resolveLearnerEntries(db: Db, entries: readonly LearnerReference[], p: Problems, options: ResolveOptions): Promise<(MatchedLearner | null)[]> {
  const { at, unique = true, unreachable = 'NOT_FOUND' } = options;
  const emails = entries.map((e, i) => (e.learnerId == null && !e.nip?.trim() && e.email?.trim() ? p.email(e.email, at(i, 'email')) : null));
  const found = await LearnerMatch.find(db, entries);
  const usable = (await options.usableAmong?.(found.all())) ?? options.usable ?? (() => true);
  const seen = new Map<number, number>();
  return entries.map((entry, i) => {
    const key = keyOf(entry);
    if (entry.learnerId == null && !entry.nip?.trim() && !entry.email?.trim()) {
      p.add(at(i, 'nip'), 'REQUIRED', 'Give the learner’s NIP or, for learners without one, e-mail');
      return null;
    }
    if (key === 'email' && emails[i] === null) return null;
    const learner = found.get(entry);
    if (!learner || !usable(learner)) {
      const named = key === 'nip' ? `NIP ${entry.nip!.trim()}` : key === 'email' ? `e-mail ${emails[i]}` : 'this id';
      p.add(at(i, key), unreachable, `No learner that you may name here has ${named}`);
      return null;
    }
    const first = seen.get(learner.id);
    if (unique && first !== undefined) {
      p.add(at(i, key), 'DUPLICATE', `Same learner as entry ${first}`);
      return null;
    }
    seen.set(learner.id, i);
    return learner;
  });
}

/**
 * Learners whose lower-cased name is one of `nameKeys` and who are under the
 * institution path `scopePath` ('' for everyone) or registered for the
 * session, by name: proposals for an admin, never applied by themselves.
 */
export async function learnersNamed(db: Db, nameKeys: readonly string[], scopePath: string, sessionId: number): Promise<(MatchedLearner & { registered: boolean })[]> {
  if (!nameKeys.length) return [];
  return (await byNameKeys(db).all(sessionId, JSON.stringify(storableKeys(nameKeys)), scopePath)).map(({ registered, ...row }) => ({ ...toMatchedLearner(row), registered: registered === 1 }));
}
