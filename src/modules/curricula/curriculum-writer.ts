import { and, inArray, notInArray } from 'drizzle-orm';
import { bulkInsert, chunked } from '../../db/batch';
import type { Db } from '../../db/database';
import { curriculumModuleOutcomes, curriculumModules, curriculumOutcomes, type ChangeTypeName, type CurriculumRow } from '../../db/schema';
import { CURRICULUM_TAGS, replaceTags } from '../tkpk/tkpk-tags';
import { recordCurriculumEvents } from '../events/outbox';
import type { CleanCurriculum } from './curriculum-content';

/** A curriculum version the sync decided to write (CREATED or UPDATED). */
export interface PlannedCurriculum {
  index: number;
  clean: CleanCurriculum;
  ownerId: number;
  existing: CurriculumRow | null;
  hash: string;
}

export const curriculumKey = (code: string, version: number) => `${code}\u0000${version}`;
const keyOf = curriculumKey;

/**
 * Upserts rows, outcomes, modules and links for all planned items; one change event each, in input order.
 * The planner has checked that each item's owner is its code's owner (or the first claim of a new code).
 */
export async function writeCurricula(tx: Db, planned: PlannedCurriculum[], competencyIds: Map<string, number>): Promise<Map<string, CurriculumRow>> {
  const now = new Date();
  const saved = new Map<string, CurriculumRow>();
  const claims = new Map(planned.map((w) => [w.clean.code, w.ownerId]));
  await bulkInsert(tx, 'curriculum_codes', ['code', 'owner_id'], [...claims], 'ON CONFLICT (code) DO NOTHING');
  const rows: Omit<CurriculumRow, 'id'>[] = planned.map((w) => ({
    code: w.clean.code,
    version: w.clean.version,
    revision: (w.existing?.revision ?? 0) + 1,
    title: w.clean.title,
    description: w.clean.description,
    ownerId: w.ownerId,
    status: w.clean.status,
    approach: w.clean.approach,
    totalJp: w.clean.totalJp,
    contentHash: w.hash,
    createdAt: w.existing?.createdAt ?? now,
    updatedAt: now,
  }));
  const returned = await bulkInsert<{ id: number; code: string; version: number }>(
    tx,
    'curricula',
    ['code', 'version', 'revision', 'title', 'description', 'owner_id', 'status', 'approach', 'total_jp', 'content_hash', 'created_at', 'updated_at'],
    rows.map((r) => [r.code, r.version, r.revision, r.title, r.description, r.ownerId, r.status, r.approach, r.totalJp, r.contentHash, r.createdAt.getTime(), r.updatedAt.getTime()]),
    `ON CONFLICT (code, version) DO UPDATE SET revision = excluded.revision, title = excluded.title, description = excluded.description,
      owner_id = excluded.owner_id, status = excluded.status, approach = excluded.approach, total_jp = excluded.total_jp,
      content_hash = excluded.content_hash, updated_at = excluded.updated_at RETURNING id, code, version`,
  );
  // RETURNING order is not guaranteed to follow VALUES: match ids by (code, version).
  const idByKey = new Map(returned.map((r) => [keyOf(r.code, r.version), r.id]));
  for (const r of rows) saved.set(keyOf(r.code, r.version), { id: idByKey.get(keyOf(r.code, r.version))!, ...r });
  const idOf = (w: PlannedCurriculum) => saved.get(keyOf(w.clean.code, w.clean.version))!.id;
  const updatedIds = planned.filter((w) => w.existing).map(idOf);

  const outcomeIds = await upsertChildren(
    tx,
    'curriculum_outcomes',
    ['curriculum_id', 'code', 'statement', 'competency_id', 'target_level', 'position'],
    planned.flatMap((w) =>
      w.clean.outcomes.map((o, position) => [idOf(w), o.code, o.statement, competencyIds.get(o.competencyCode)!, o.targetLevel, position]),
    ),
  );
  const moduleIds = await upsertChildren(
    tx,
    'curriculum_modules',
    ['curriculum_id', 'code', 'title', 'jp', 'delivery_mode', 'sequence'],
    planned.flatMap((w) => w.clean.modules.map((m) => [idOf(w), m.code, m.title, m.jp, m.deliveryMode, m.sequence])),
  );

  await dropStale(tx, updatedIds, outcomeIds, moduleIds);
  const links = planned.flatMap((w) =>
    w.clean.modules.flatMap((m) =>
      m.outcomeCodes.map((code) => [moduleIds.get(`${idOf(w)}:${m.code}`)!, outcomeIds.get(`${idOf(w)}:${code}`)!]),
    ),
  );
  await bulkInsert(tx, 'curriculum_module_outcomes', ['module_id', 'outcome_id'], links, 'ON CONFLICT DO NOTHING');
  await replaceTags(tx, CURRICULUM_TAGS, new Map(planned.map((w) => [idOf(w), w.clean.tkpkTags])));

  const changes = planned.map((w) => {
    const row = saved.get(keyOf(w.clean.code, w.clean.version))!;
    const changeType: ChangeTypeName = !w.existing
      ? 'CREATED'
      : row.status === 'RETIRED' && w.existing.status !== 'RETIRED'
        ? 'RETIRED'
        : 'UPDATED';
    return [row.id, changeType, row.revision, row.status, now.getTime()];
  });
  await bulkInsert(tx, 'curriculum_changes', ['curriculum_id', 'change_type', 'revision', 'status', 'changed_at'], changes);
  await recordCurriculumEvents(tx, changes.map(([id, changeType]) => [id as number, changeType as string]), now.getTime());
  return saved;
}

/**
 * Upserts outcomes or modules by (curriculum_id, code), so rows an update
 * keeps keep their ids; returns ids by "curriculumId:code".
 */
async function upsertChildren(tx: Db, table: string, columns: string[], rows: (string | number | null)[][]): Promise<Map<string, number>> {
  const update = columns.slice(2).map((c) => `${c} = excluded.${c}`).join(', ');
  const saved = await bulkInsert<{ id: number; curriculum_id: number; code: string }>(
    tx,
    table,
    columns,
    rows,
    `ON CONFLICT (curriculum_id, code) DO UPDATE SET ${update} RETURNING id, curriculum_id, code`,
  );
  return new Map(saved.map((r) => [`${r.curriculum_id}:${r.code}`, r.id]));
}

/** Outcomes and modules an update left out go (with their links, and completions of a dropped module). */
async function dropStale(tx: Db, updatedIds: number[], outcomeIds: Map<string, number>, moduleIds: Map<string, number>): Promise<void> {
  const keptOf = (ids: Map<string, number>, group: Set<number>) =>
    [...ids].filter(([k]) => group.has(Number(k.slice(0, k.indexOf(':'))))).map(([, id]) => id);
  for (const part of chunked(updatedIds, 200)) {
    const group = new Set(part);
    const keptOutcomes = keptOf(outcomeIds, group);
    const keptModules = keptOf(moduleIds, group);
    await tx.delete(curriculumOutcomes)
      .where(and(inArray(curriculumOutcomes.curriculumId, part), keptOutcomes.length ? notInArray(curriculumOutcomes.id, keptOutcomes) : undefined))
      .run();
    await tx.delete(curriculumModules)
      .where(and(inArray(curriculumModules.curriculumId, part), keptModules.length ? notInArray(curriculumModules.id, keptModules) : undefined))
      .run();
    await tx.delete(curriculumModuleOutcomes)
      .where(
        inArray(
          curriculumModuleOutcomes.moduleId,
          tx.select({ id: curriculumModules.id }).from(curriculumModules).where(inArray(curriculumModules.curriculumId, part)),
        ),
      )
      .run();
  }
}
