import { and, eq, gte, inArray, like, lt, sql, type SQL } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import type { Database } from '../../db/database';
import { auditLog, institutions, type AuditLogRow } from '../../db/schema';
import { paginate, type Page } from '../../db/paginate';

export interface AuditQuery {
  first?: number | null;
  after?: string | null;
  action?: string | null;
  actor?: string | null;
  /** ISO date-times: `from` included, `to` excluded. */
  from?: string | null;
  to?: string | null;
  targetType?: string | null;
}

export class AuditService {
  constructor(private readonly db: Database) {}

  /** Newest first. SUPERADMIN sees everything; an institution admin its subtree's entries. */
  list(viewer: Viewer, query: AuditQuery): Promise<Page<AuditLogRow>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const filters: (SQL | undefined)[] = [
      query.action ? eq(auditLog.action, query.action) : undefined,
      query.actor ? eq(auditLog.actor, query.actor) : undefined,
      query.targetType ? eq(auditLog.targetType, query.targetType) : undefined,
      query.from ? gte(auditLog.at, new Date(Date.parse(query.from))) : undefined,
      query.to ? lt(auditLog.at, new Date(Date.parse(query.to))) : undefined,
    ];
    const scope = policy.scopePath(viewer);
    if (scope !== null) {
      const inScope = this.db.read
        .select({ id: institutions.id })
        .from(institutions)
        .where(like(institutions.path, `${scope}%`));
      filters.push(inArray(auditLog.institutionId, inScope));
    }
    const where = and(...filters);
    return paginate(query, {
      rows: (page) => this.db.read.select().from(auditLog).where(and(where, page.after)).orderBy(...page.orderBy).limit(page.limit).all(),
      order: [{ column: auditLog.id, direction: 'desc', value: (r) => r.id }],
      count: async () => (await this.db.read.select({ n: sql<number>`count(*)` }).from(auditLog).where(where).get())!.n,
    });
  }
}
