import { getTableName, inArray } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { bulkInsert, chunked } from '../../db/batch';
import type { Db } from '../../db/database';
import {
  curriculumTkpkTags,
  sessionTkpkTags,
  POVERTY_STRATEGIES,
  TKPK_PROGRAM_GROUPS,
  type PovertyStrategyName,
  type TkpkProgramGroupName,
  type TkpkTagName,
} from '../../db/schema';

export interface TkpkTagged {
  programGroups?: readonly TkpkProgramGroupName[] | null;
  strategies?: readonly PovertyStrategyName[] | null;
}

export interface TkpkLabels {
  programGroups: TkpkProgramGroupName[];
  strategies: PovertyStrategyName[];
}

/** Both lists as one set of tags, in a fixed order (so equal sets hash alike); values outside the enums are dropped. */
export function tagsOf(input: TkpkTagged): TkpkTagName[] {
  const given = new Set<string>([...(input.programGroups ?? []), ...(input.strategies ?? [])]);
  return [...TKPK_PROGRAM_GROUPS, ...POVERTY_STRATEGIES].filter((t) => given.has(t));
}

/** Stored tags back as the two lists, each in enum order. */
export function labelsOf(tags: readonly string[]): TkpkLabels {
  const set = new Set(tags);
  return { programGroups: TKPK_PROGRAM_GROUPS.filter((t) => set.has(t)), strategies: POVERTY_STRATEGIES.filter((t) => set.has(t)) };
}

/** The tag table of one tagged thing and its owner column. */
export interface TagTable {
  table: SQLiteTable;
  owner: SQLiteColumn;
}

export const CURRICULUM_TAGS: TagTable = { table: curriculumTkpkTags, owner: curriculumTkpkTags.curriculumId };
export const SESSION_TAGS: TagTable = { table: sessionTkpkTags, owner: sessionTkpkTags.sessionId };

/** Replaces the tags of every owner in `tagsByOwner` with the given set (an empty set clears them). */
export async function replaceTags(tx: Db, t: TagTable, tagsByOwner: Map<number, readonly TkpkTagName[]>): Promise<void> {
  for (const part of chunked([...tagsByOwner.keys()], 500)) await tx.delete(t.table).where(inArray(t.owner, part)).run();
  const rows = [...tagsByOwner].flatMap(([id, tags]) => tags.map((tag) => [id, tag]));
  await bulkInsert(tx, getTableName(t.table), [t.owner.name, 'tag'], rows);
}
