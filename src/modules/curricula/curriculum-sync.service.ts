import { inArray, sql } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { chunked } from '../../db/batch';
import type { Database, Db } from '../../db/database';
import { curricula, curriculumCodes, institutions, type CurriculumRow, type InstitutionRow } from '../../db/schema';
import { badInput, fail, forbidden, ok, type Result, type UserError } from '../../core/errors';
import { Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import { storable } from '../../db/portable';
import type { CompetencyService } from '../competencies/competency.service';
import type { UpsertOutcomeName } from '../competencies/upsert-outcome';
import { curriculumHash, validateCurriculum, type CleanCurriculum, type CurriculumData } from './curriculum-content';
import { curriculumKey, writeCurricula, type PlannedCurriculum } from './curriculum-writer';
import { MAX_IDEMPOTENCY_KEY_LENGTH, storeAnswer, storedAnswer } from './idempotency';

export interface SyncItemResult {
  code: string;
  version: number;
  outcome: UpsertOutcomeName;
  curriculum: CurriculumRow | null;
  userErrors: UserError[];
}

export interface SyncAnswer {
  dryRun: boolean;
  results: SyncItemResult[];
}

export const MAX_SYNC_ITEMS = 5_000;

function idempotencyKeyOf(value: string | null | undefined): string | null {
  const key = value?.trim() || null;
  if (key !== null && key.length > MAX_IDEMPOTENCY_KEY_LENGTH) throw badInput(`idempotencyKey must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  return key;
}

const keyOf = curriculumKey;

/** Writes curricula pushed by regional corporate universities; every item of a batch stands alone. */
export class CurriculumSyncService {
  constructor(
    private readonly db: Database,
    private readonly competencies: CompetencyService,
  ) {}

  async upsert(
    viewer: Viewer,
    input: CurriculumData,
    expectedRevision?: number | null,
    idempotencyKey?: string | null,
  ): Promise<SyncItemResult> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN', 'SYNC_CLIENT');
    const key = idempotencyKeyOf(idempotencyKey);
    const item = { ...input, expectedRevision: expectedRevision ?? input.expectedRevision ?? null };
    const result = await this.db.write(async (tx) => {
      const stored = key === null ? undefined : await storedAnswer<SyncItemResult>(tx, viewer, 'upsertCurriculum', key);
      if (stored) return stored;
      const [r] = await this.apply(tx, viewer, [item], () => [], false, 'upsertCurriculum');
      if (key !== null && r.outcome !== 'INVALID' && r.outcome !== 'CONFLICT') await storeAnswer(tx, viewer, 'upsertCurriculum', key, r);
      return r;
    });
    const denied = result.userErrors.find((e) => e.code === 'FORBIDDEN');
    if (denied) throw forbidden(denied.message);
    return result;
  }

  async sync(
    viewer: Viewer,
    input: { curricula: CurriculumData[]; dryRun?: boolean | null; idempotencyKey?: string | null },
  ): Promise<Result<SyncAnswer>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN', 'SYNC_CLIENT');
    if (input.curricula.length > MAX_SYNC_ITEMS) {
      return fail({ field: ['curricula'], code: 'TOO_LARGE', message: `At most ${MAX_SYNC_ITEMS} curricula per call` });
    }
    const dryRun = input.dryRun ?? false;
    const key = idempotencyKeyOf(input.idempotencyKey);
    const answer = await this.db.write(async (tx) => {
      const stored = key === null ? undefined : await storedAnswer<SyncAnswer>(tx, viewer, 'syncCurricula', key);
      if (stored) return stored;
      const results = await this.apply(tx, viewer, input.curricula, (i) => ['curricula', i], dryRun, 'syncCurricula');
      const fresh = { dryRun, results };
      if (key !== null && !dryRun) await storeAnswer(tx, viewer, 'syncCurricula', key, fresh);
      return fresh;
    });
    return ok(answer);
  }

  /** Plans every item with set-based reads, then writes all CREATED/UPDATED ones with multi-row statements. */
  private async apply(
    tx: Db,
    viewer: Viewer,
    items: CurriculumData[],
    pathOf: (index: number) => (string | number)[],
    dryRun: boolean,
    action: string,
  ): Promise<SyncItemResult[]> {
    const problems = items.map(() => new Problems());
    const cleans = items.map((item, i) => validateCurriculum(item, problems[i], pathOf(i)));
    const seen = new Map<string, number>();
    cleans.forEach((c, i) => {
      if (!c) return;
      const k = keyOf(c.code, c.version);
      if (seen.has(k)) problems[i].add([...pathOf(i), 'code'], 'DUPLICATE', `Same code and version as curricula[${seen.get(k)}]`);
      else seen.set(k, i);
    });

    const valid = cleans.flatMap((c, i) => (c && !problems[i].any ? [{ index: i, clean: c }] : []));
    const owners = await this.ownersByCode(tx, valid.map((v) => v.clean.ownerCode));
    const found = await this.competencies.byCodes(valid.flatMap((v) => v.clean.outcomes.map((o) => o.competencyCode)), tx);
    const existing = await this.existing(tx, valid.map((v) => v.clean));
    const codeOwners = await this.codeOwners(tx, valid.map((v) => v.clean.code));

    const results: SyncItemResult[] = items.map((item) => ({
      code: item.code,
      version: item.version,
      outcome: 'INVALID',
      curriculum: null,
      userErrors: [],
    }));
    const planned: PlannedCurriculum[] = [];
    for (const { index, clean } of valid) {
      const p = problems[index];
      const at = (...rest: (string | number)[]) => [...pathOf(index), ...rest];
      const owner = owners.get(clean.ownerCode.toLowerCase());
      const current = existing.get(keyOf(clean.code, clean.version)) ?? null;
      clean.outcomes.forEach((o, j) => {
        if (!found.has(o.competencyCode)) p.add(at('outcomes', j, 'competencyCode'), 'NOT_FOUND', `No competency has code ${o.competencyCode}`);
      });
      if (!owner) p.add(at('ownerCode'), 'NOT_FOUND', `No institution has code ${clean.ownerCode}`);
      else if (!policy.canSyncFor(viewer, owner.id, owner.path)) {
        p.add(at('ownerCode'), 'FORBIDDEN', `You cannot write curricula owned by ${owner.code}`);
      } else if ((codeOwners.get(clean.code) ?? owner.id) !== owner.id) {
        p.add(at('ownerCode'), 'FORBIDDEN', `Curriculum code ${clean.code} belongs to another institution: all versions of a code have one owner`);
      }
      if (p.any || !owner) continue;
      const result = results[index];
      const expected = items[index].expectedRevision;
      const revision = current?.revision ?? 0;
      result.curriculum = current;
      if (expected != null && expected !== revision) {
        result.outcome = 'CONFLICT';
        result.userErrors = [
          {
            field: action === 'upsertCurriculum' ? ['expectedRevision'] : at('expectedRevision').map(String),
            code: 'REVISION_CONFLICT',
            message: `Expected revision ${expected}, but the current revision is ${revision}`,
          },
        ];
        continue;
      }
      const hash = curriculumHash(clean, owner.id);
      if (current && current.contentHash === hash) {
        result.outcome = 'UNCHANGED';
        continue;
      }
      result.outcome = current ? 'UPDATED' : 'CREATED';
      planned.push({ index, clean, ownerId: owner.id, existing: current, hash });
      codeOwners.set(clean.code, owner.id); // the first written version of a new code claims it, for the rest of the batch too
    }
    problems.forEach((p, i) => {
      if (p.any) results[i].userErrors = p.list;
    });

    if (!dryRun && planned.length > 0) {
      const saved = await writeCurricula(tx, planned, new Map([...found].map(([code, c]) => [code, c.id])));
      for (const w of planned) results[w.index].curriculum = saved.get(keyOf(w.clean.code, w.clean.version))!;
      const counts = { CREATED: 0, UPDATED: 0 } as Record<string, number>;
      for (const w of planned) counts[results[w.index].outcome]++;
      const only = planned.length === 1 ? planned[0].clean : null;
      await recordAudit(tx, viewer, {
        action,
        targetType: 'Curriculum',
        targetId: only ? `${only.code} v${only.version}` : undefined,
        institutionId: planned[0].ownerId,
        summary: `${counts.CREATED} curricula created, ${counts.UPDATED} updated${items.length > planned.length ? ` (${items.length} sent)` : ''}`,
      });
    }
    return results;
  }

  private async ownersByCode(tx: Db, codes: string[]): Promise<Map<string, InstitutionRow>> {
    const lower = [...new Set(codes.map((c) => c.toLowerCase()))].filter(storable);
    const out = new Map<string, InstitutionRow>();
    for (const part of chunked(lower, 500)) {
      for (const row of await tx.select().from(institutions).where(inArray(sql`lower(${institutions.code})`, part)).all()) {
        out.set(row.code.toLowerCase(), row);
      }
    }
    return out;
  }

  /** The owner of each code that has one (see curriculumCodes). */
  private async codeOwners(tx: Db, codes: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunked([...new Set(codes)], 500)) {
      for (const row of await tx.select().from(curriculumCodes).where(inArray(curriculumCodes.code, part)).all()) out.set(row.code, row.ownerId);
    }
    return out;
  }

  private async existing(tx: Db, list: CleanCurriculum[]): Promise<Map<string, CurriculumRow>> {
    const wanted = new Set(list.map((c) => keyOf(c.code, c.version)));
    const out = new Map<string, CurriculumRow>();
    for (const part of chunked([...new Set(list.map((c) => c.code))], 500)) {
      for (const row of await tx.select().from(curricula).where(inArray(curricula.code, part)).all()) {
        const k = keyOf(row.code, row.version);
        if (wanted.has(k)) out.set(k, row);
      }
    }
    return out;
  }
}
