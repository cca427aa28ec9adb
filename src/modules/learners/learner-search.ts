import { and, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { badInput } from '../../core/errors';
import { portable } from '../../db/portable';
import { learners } from '../../db/schema';

/**
 * The FTS5 table of migration 0009_learner_search (on PostgreSQL a view over
 * learners with trigram indexes, drizzle-pg/0001_sqlite_parity), for queries
 * only: it is not in src/db/schema, so drizzle-kit never tries to create or drop it.
 */
export const learnerSearch = sqliteTable('learner_search', { rowid: integer('rowid').notNull(), name: text('name'), email: text('email') });

/**
 * Rows of `learner_search` whose name (or, with 'all', also e-mail) contains
 * `term`, any case. SQLite: `learner_search MATCH phrase` (FTS5 wants the
 * table's own name on the left); PostgreSQL: ILIKE, which its trigram indexes answer.
 */
export function matches(term: string, columns: 'all' | 'name' = 'all'): SQL {
  const phrase = phraseOf(term);
  return portable({
    sqlite: sql`${learnerSearch} MATCH ${columns === 'name' ? `name : ${phrase}` : phrase}`,
    postgres: containing(term, columns, learnerSearch),
  });
}

/**
 * PostgreSQL: `term` as an ILIKE substring of the name, accents ignored as
 * SQLite's index ignores them (drizzle-pg/0002), and of the e-mail; the trigram indexes answer both.
 */
function containing(term: string, columns: 'all' | 'name', table: { name: typeof learners.name | typeof learnerSearch.name; email: typeof learners.email | typeof learnerSearch.email }): SQL {
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const name = sql`bangkom_unaccent(${table.name}) ILIKE bangkom_unaccent(${pattern}) ESCAPE '\\'`;
  return columns === 'name' ? name : sql`(${name} OR ${table.email} ILIKE ${pattern} ESCAPE '\\')`;
}

/** Trigrams: a shorter text has no posting list to read. */
export const MIN_SEARCH_LENGTH = 3;
export const MAX_SEARCH_LENGTH = 100;

/** An FTS5 phrase: the text as one quoted string, so nothing in it is query syntax. */
const phraseOf = (term: string) => `"${term.replaceAll('"', '""')}"`;

/**
 * Learners whose indexed text contains `term` (see `matches`). On PostgreSQL
 * the view is learners itself, so the condition names learners' columns: OR-ed
 * with a NIP prefix it becomes one BitmapOr of three indexes, where a
 * semi-join would read learners whole.
 */
export const matchingLearners = (term: string, columns: 'all' | 'name' = 'all') =>
  portable({
    sqlite: sql`${learners.id} IN (SELECT rowid FROM ${learnerSearch} WHERE ${matches(term, columns)})`,
    postgres: containing(term, columns, learners),
  });

const length = (term: string) => [...term].length;

/** The search text, trimmed, or BAD_USER_INPUT when it is longer than any name. */
export function searchTerm(search: string): string {
  const term = search.trim();
  if (length(term) > MAX_SEARCH_LENGTH) throw badInput(`"search" is at most ${MAX_SEARCH_LENGTH} characters`);
  return term;
}

/**
 * Learners whom `search` finds: a case-insensitive substring of the name or
 * e-mail (through the `learner_search` trigram index, see migration
 * 0009_learner_search) or, when it is digits, a prefix of the NIP (through
 * its unique index). Shorter than three characters only a NIP prefix can be
 * searched; anything else is BAD_USER_INPUT rather than a read of every learner.
 */
/**
 * How to find learners by `search`: `text`, the term for `matches`, when only the
 * index can answer it (the list then walks the index newest first and stops
 * at the page's end, rather than collecting every match to sort them);
 * else a condition on learners (see `learnerSearchCondition`).
 */
export function learnerSearchPlan(search: string): { text: string; condition?: undefined } | { condition: SQL; text?: undefined } {
  const term = searchTerm(search);
  if (!/^\d+$/.test(term) && length(term) >= MIN_SEARCH_LENGTH) return { text: term };
  return { condition: learnerSearchCondition(term) };
}

export function learnerSearchCondition(search: string): SQL {
  const term = searchTerm(search);
  const digits = /^\d+$/.test(term);
  if (!digits && length(term) < MIN_SEARCH_LENGTH) {
    throw badInput(`"search" needs at least ${MIN_SEARCH_LENGTH} characters, or the first digits of a NIP`);
  }
  // ':' is the character after '9': every NIP starting with the digits sorts in [term, term + ':').
  const nipPrefix = digits ? and(gte(learners.nip, term), lt(learners.nip, `${term}:`)) : undefined;
  if (length(term) < MIN_SEARCH_LENGTH) return nipPrefix!;
  return nipPrefix ? or(matchingLearners(term), nipPrefix)! : matchingLearners(term);
}

/**
 * Learners whose name contains `term` (any case), for lists that show a
 * learner restricted (name and masked NIP): no e-mail or NIP match, which
 * would tell what the list hides. Undefined when the term is too short to search.
 */
export function learnerNameCondition(term: string): SQL | undefined {
  return length(term) < MIN_SEARCH_LENGTH ? undefined : matchingLearners(term, 'name');
}
