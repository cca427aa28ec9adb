import { and, eq, like, sql } from 'drizzle-orm';
import { policy, type ListScope } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { prepared, type Database, type Db } from '../../db/database';
import { institutions, type InstitutionRow, type TimeZoneName } from '../../db/schema';
import { fail, forbidden, ok, requireRevision, rollbackOnUserErrors, userError, UserErrorsAbort, type Outcome, type Result } from '../../core/errors';
import { paginate, type Page, type PageArgs } from '../../db/paginate';
import { pagesByParent } from '../../db/ranked';
import { Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import { storable } from '../../db/portable';

const byCode = prepared((db) =>
  db.select().from(institutions).where(eq(sql`lower(${institutions.code})`, sql.placeholder('code'))).prepare(),
);

export interface NewInstitution {
  code: string;
  name: string;
  kind: InstitutionRow['kind'];
  parentCode?: string | null;
  region?: string | null;
  isCorporateUniversity?: boolean | null;
  targetJp?: number | null;
  timeZone?: TimeZoneName | null;
}

/** An update: an omitted field stays, null clears a field that may be empty (see `Problems.given`). */
export interface InstitutionChanges {
  code: string;
  expectedRevision?: number | null;
  name?: string | null;
  parentCode?: string | null;
  targetJp?: number | null;
  isCorporateUniversity?: boolean | null;
  timeZone?: TimeZoneName | null;
}

export class InstitutionService {
  constructor(private readonly db: Database) {}

  async findByCode(code: string, db: Db = this.db.read): Promise<InstitutionRow | undefined> {
    return storable(code) ? await byCode(db).get({ code: code.trim().toLowerCase() }) : undefined;
  }

  /** What a browse list holds for the viewer, narrowed to the subtree of `code` when given (see `policy.listScope`). */
  async listScope(viewer: Viewer, code?: string | null): Promise<ListScope> {
    const given = code != null && code.trim() !== '';
    return policy.listScope(viewer, given ? await this.findByCode(code) : null, given);
  }

  /** Each institution's direct children by name: institutions are looked up by any token, so are the ones below. */
  childPages(parents: InstitutionRow[], args: PageArgs): Promise<Page<InstitutionRow>[]> {
    return pagesByParent(this.db.read, args, parents.map((i) => i.id), {
      table: institutions,
      parent: institutions.parentId,
      order: [
        { column: institutions.name, direction: 'asc', value: (r) => r.name },
        { column: institutions.id, direction: 'asc', value: (r) => r.id },
      ],
    });
  }

  /** Any token may look an institution up; what lies below it is scoped by the fields that show it. */
  async get(viewer: Viewer, code: string): Promise<InstitutionRow | null> {
    policy.requireAuthenticated(viewer);
    return (await this.findByCode(code)) ?? null;
  }

  /** Subtree rows an admin may manage, by name. */
  async list(viewer: Viewer, args: { first?: number | null; after?: string | null }): Promise<Page<InstitutionRow>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const scope = policy.scopePath(viewer);
    const where = scope === null ? undefined : like(institutions.path, `${scope}%`);
    return paginate(args, {
      rows: (page) => this.db.read.select().from(institutions).where(and(where, page.after)).orderBy(...page.orderBy).limit(page.limit).all(),
      order: [
        { column: institutions.name, direction: 'asc', value: (r) => r.name },
        { column: institutions.id, direction: 'asc', value: (r) => r.id },
      ],
      count: async () => (await this.db.read.select({ n: sql<number>`count(*)` }).from(institutions).where(where).get())!.n,
    });
  }

  async create(viewer: Viewer, input: NewInstitution): Promise<Result<InstitutionRow>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const p = new Problems();
    const code = p.code(input.code, ['code']);
    const name = p.text(input.name, ['name'], 'Name');
    const region = p.optionalText(input.region, ['region'], 'Region', 100);
    if (input.targetJp != null) p.intRange(input.targetJp, ['targetJp'], 'Target JP', 0, 500);
    let parent: InstitutionRow | undefined;
    if (input.parentCode) {
      parent = await this.findByCode(input.parentCode);
      if (!parent) p.add(['parentCode'], 'NOT_FOUND', `No institution has code ${input.parentCode}`);
      else policy.requireManage(viewer, parent.path, `You cannot add institutions under ${parent.code}`);
    } else if (!policy.isSuperadmin(viewer)) {
      p.add(['parentCode'], 'REQUIRED', 'Only a superadmin may create a top-level institution');
    }
    if (code && (await this.findByCode(code))) p.add(['code'], 'ALREADY_EXISTS', `Institution ${code} already exists`);
    if (p.any || !code || !name) return fail(...p.list);

    const row = await this.db.write(async (tx) => {
      if (await this.findByCode(code, tx)) return null;
      const created = await tx
        .insert(institutions)
        .values({
          code,
          name,
          kind: input.kind,
          parentId: parent?.id ?? null,
          path: '',
          region,
          isCorporateUniversity: input.isCorporateUniversity ?? false,
          targetJp: input.targetJp ?? null,
          timeZone: input.timeZone ?? null,
        })
        .returning()
        .get();
      // The parent's path as of this transaction: a move may have committed since it was read.
      const parentPath = parent ? (await tx.select({ path: institutions.path }).from(institutions).where(eq(institutions.id, parent.id)).get())!.path : '/';
      const path = `${parentPath}${created.id}/`;
      await tx.update(institutions).set({ path }).where(eq(institutions.id, created.id)).run();
      await recordAudit(tx, viewer, {
        action: 'createInstitution',
        targetType: 'Institution',
        targetId: code,
        institutionId: created.id,
        summary: `Created ${input.kind} ${code} (${name})${parent ? ` under ${parent.code}` : ''}`,
      });
      return { ...created, path };
    });
    return row ? ok(row) : fail({ field: ['code'], code: 'ALREADY_EXISTS', message: `Institution ${code} already exists` });
  }

  /**
   * Changes an institution's own fields. Moving it (parentCode) rewrites the
   * materialised path of its whole subtree in one statement; a new parent
   * inside its own subtree is refused (CYCLE).
   */
  async update(viewer: Viewer, input: InstitutionChanges): Promise<Outcome<InstitutionRow>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const target = policy.manageable(viewer, await this.findByCode(input.code), (i) => i.path, 'institution');
    if (!target) return fail(userError(['code'], 'NOT_FOUND', `No institution has code ${input.code}`));
    const p = new Problems();
    const changes: Partial<typeof institutions.$inferInsert> = {};
    if (p.given(input.name, ['name'], 'Name')) {
      const name = p.text(input.name, ['name'], 'Name');
      if (name) changes.name = name;
    }
    if (p.given(input.isCorporateUniversity, ['isCorporateUniversity'], 'isCorporateUniversity')) changes.isCorporateUniversity = input.isCorporateUniversity;
    if (input.targetJp !== undefined) {
      if (input.targetJp === null || p.intRange(input.targetJp, ['targetJp'], 'Target JP', 0, 500) !== null) changes.targetJp = input.targetJp;
    }
    if (input.timeZone !== undefined) changes.timeZone = input.timeZone;
    let parent: InstitutionRow | null | undefined;
    if (input.parentCode !== undefined) {
      parent = input.parentCode === null ? null : await this.findByCode(input.parentCode);
      if (parent === undefined) p.add(['parentCode'], 'NOT_FOUND', `No institution has code ${input.parentCode}`);
      else if (!policy.canMove(viewer, target.path, parent?.path ?? null)) {
        throw forbidden(parent ? `You cannot move ${target.code} under ${parent.code}` : 'Only a superadmin may make an institution top-level');
      } else if (parent && parent.path.startsWith(target.path)) {
        p.add(['parentCode'], 'CYCLE', `${parent.code} lies inside ${target.code}'s own subtree`);
      }
    }
    if (p.any) return fail(...p.list);

    return rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        const current = (await tx.select().from(institutions).where(eq(institutions.id, target.id)).get())!;
        requireRevision(current, input.expectedRevision);
        const newParent = parent === undefined ? undefined : parent && (await tx.select().from(institutions).where(eq(institutions.id, parent.id)).get())!;
        if (newParent && newParent.path.startsWith(current.path)) {
          throw new UserErrorsAbort([userError(['parentCode'], 'CYCLE', `${newParent.code} lies inside ${current.code}'s own subtree`)]);
        }
        const moved = newParent !== undefined && (newParent?.id ?? null) !== current.parentId;
        const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter((k) => changes[k] !== current[k as keyof InstitutionRow]);
        if (!moved && changed.length === 0) return current;
        if (moved) {
          const path = `${newParent?.path ?? '/'}${current.id}/`;
          await tx.run(sql`UPDATE institutions SET path = ${path} || substr(path, ${current.path.length + 1}) WHERE path LIKE ${current.path + '%'}`);
          changes.parentId = newParent?.id ?? null;
        }
        const updated = await tx
          .update(institutions)
          .set({ ...changes, revision: sql`${institutions.revision} + 1` })
          .where(eq(institutions.id, current.id))
          .returning()
          .get();
        await recordAudit(tx, viewer, {
          action: 'updateInstitution',
          targetType: 'Institution',
          targetId: current.code,
          institutionId: current.id,
          summary: `Changed ${[...changed, ...(moved ? [`parent to ${newParent?.code ?? '(top level)'}`] : [])].join(', ')} of ${current.code}`,
        });
        return updated;
      }),
    );
  }
}
