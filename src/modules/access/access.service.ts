import { eq, isNull, and, like, sql, type SQL } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import { ANONYMOUS, API_TOKEN, type Viewer } from '../../auth/viewer';
import { prepared, type Database } from '../../db/database';
import { LastUsedRecorder } from '../../db/last-used';
import { paginate, type Page, type PageArgs } from '../../db/paginate';
import { apiTokens, institutions, learners, type ApiTokenRow, type RoleName } from '../../db/schema';
import { fail, forbidden, ok, type Result } from '../../core/errors';
import { Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import { LearnerMatch } from '../learners/learner-matcher';
import type { InstitutionService } from '../institutions/institution.service';
import { hashToken, newTokenSecret } from './token-secret';

const byHash = prepared((db) =>
  db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      institutionId: apiTokens.institutionId,
      learnerId: apiTokens.learnerId,
      expiresAt: apiTokens.expiresAt,
      institutionPath: institutions.path,
      learnerActive: learners.active,
    })
    .from(apiTokens)
    .leftJoin(institutions, eq(institutions.id, apiTokens.institutionId))
    .leftJoin(learners, eq(learners.id, apiTokens.learnerId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder('hash')), isNull(apiTokens.revokedAt)))
    .prepare(),
);

export interface NewToken {
  name: string;
  role: RoleName;
  institutionCode?: string | null;
  nip?: string | null;
  /** A LEARNER token's holder by e-mail: NON_ASN participants have no NIP. */
  email?: string | null;
  /** ISO date-time; after it the token is refused. */
  expiresAt?: string | null;
}

export interface ApiTokenQuery extends PageArgs {
  institutionCode?: string | null;
  role?: RoleName | null;
  includeRevoked?: boolean | null;
}

export const BOOTSTRAP_TOKEN_NAME = 'bootstrap-admin';

export class AccessService {
  /** Notes each token's use, written in batches (never on the request's path). */
  readonly lastUsed: LastUsedRecorder;

  constructor(
    private readonly db: Database,
    private readonly institutions: InstitutionService,
    private readonly now: () => number = Date.now,
  ) {
    this.lastUsed = new LastUsedRecorder(db, async (tx, id, at) => await tx.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id)).run(), now);
  }

  /** The viewer an API token stands for; unknown, revoked and expired tokens, and a deactivated learner's, are anonymous. */
  async authenticate(secret: string | undefined): Promise<Viewer> {
    if (!secret) return ANONYMOUS;
    const row = await byHash(this.db.read).get({ hash: hashToken(secret) });
    if (!row || row.learnerActive === false || (row.expiresAt !== null && row.expiresAt.getTime() <= this.now())) return ANONYMOUS;
    this.lastUsed.touch(row.id);
    return {
      authenticated: true,
      role: row.role,
      tokenId: row.id,
      tokenName: row.name,
      institutionId: row.institutionId,
      institutionPath: row.institutionPath,
      learnerId: row.learnerId,
      authenticatedBy: API_TOKEN,
    };
  }

  /**
   * Tokens in the viewer's scope, newest first, never their secrets: a
   * SUPERADMIN's all; an INSTITUTION_ADMIN's those of its subtree.
   * `institutionCode` narrows to that institution's subtree.
   */
  async list(viewer: Viewer, query: ApiTokenQuery): Promise<Page<ApiTokenRow>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    let scope = policy.scopePath(viewer);
    if (query.institutionCode) {
      scope = policy.requireManaged(viewer, await this.institutions.findByCode(query.institutionCode), (i) => i.path, 'institution').path;
    }
    const filters: (SQL | undefined)[] = [
      query.role ? eq(apiTokens.role, query.role) : undefined,
      query.includeRevoked ? undefined : isNull(apiTokens.revokedAt),
      scope === null ? undefined : like(institutions.path, `${scope}%`),
    ];
    const where = and(...filters);
    const from = () => this.db.read.select({ token: apiTokens }).from(apiTokens).leftJoin(institutions, eq(institutions.id, apiTokens.institutionId));
    return paginate(query, {
      rows: async (page) => (await from().where(and(where, page.after)).orderBy(...page.orderBy).limit(page.limit).all()).map((r) => r.token),
      order: [{ column: apiTokens.id, direction: 'desc', value: (r) => r.id }],
      count: async () =>
        (await this.db.read
          .select({ n: sql<number>`count(*)` })
          .from(apiTokens)
          .leftJoin(institutions, eq(institutions.id, apiTokens.institutionId))
          .where(where)
          .get())!.n,
    });
  }

  /** Creates a token; the secret is returned here and never again. */
  async create(viewer: Viewer, input: NewToken): Promise<Result<{ token: string; apiToken: ApiTokenRow }>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    if (!policy.canGrantRole(viewer, input.role)) throw forbidden(`You cannot create ${input.role} tokens`);
    const p = new Problems();
    const name = p.text(input.name, ['name'], 'Name', 100);
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && !(expiresAt.getTime() > this.now())) p.add(['expiresAt'], 'INVALID', 'expiresAt must lie in the future');
    let institutionId: number | null = null;
    let learnerId: number | null = null;
    let scopePath: string | null = null;
    if (input.role === 'INSTITUTION_ADMIN' || input.role === 'SYNC_CLIENT' || input.role === 'EVENT_READER') {
      if (!input.institutionCode) p.add(['institutionCode'], 'REQUIRED', `${input.role} tokens belong to an institution`);
      else {
        const institution = await this.institutions.findByCode(input.institutionCode);
        if (!institution) p.add(['institutionCode'], 'NOT_FOUND', `No institution has code ${input.institutionCode}`);
        else {
          institutionId = institution.id;
          scopePath = institution.path;
        }
      }
    }
    if (input.role === 'LEARNER') {
      const field = input.nip?.trim() ? 'nip' : 'email';
      if (!input.nip?.trim() && !input.email?.trim()) p.add(['nip'], 'REQUIRED', 'LEARNER tokens are bound to one learner: give their NIP or e-mail');
      else {
        const reference = field === 'nip' ? { nip: input.nip } : { email: input.email };
        const learner = policy.manageable(viewer, (await LearnerMatch.find(this.db.read, [reference])).get(reference), (l) => l.institutionPath, 'learner');
        if (!learner) p.add([field], 'NOT_FOUND', `No learner has this ${field === 'nip' ? 'NIP' : 'e-mail'}`);
        else if (!learner.active) p.add([field], 'INACTIVE', 'A deactivated learner gets no new token');
        else {
          learnerId = learner.id;
          institutionId = learner.institutionId;
          scopePath = learner.institutionPath;
        }
      }
    }
    if (p.any || !name) return fail(...p.list);
    if (scopePath !== null && !policy.canManageInstitution(viewer, scopePath)) {
      throw forbidden('You cannot create tokens outside your institutions');
    }
    return ok(await this.insert(viewer, { name, role: input.role, institutionId, learnerId, expiresAt }));
  }

  private async insert(
    viewer: Viewer,
    values: { name: string; role: RoleName; institutionId: number | null; learnerId: number | null; expiresAt: Date | null },
    secret = newTokenSecret(),
  ) {
    const apiToken = await this.db.write(async (tx) => {
      const row = await tx
        .insert(apiTokens)
        .values({ ...values, tokenHash: hashToken(secret), createdBy: viewer.tokenName })
        .returning()
        .get();
      await recordAudit(tx, viewer, {
        action: 'createApiToken',
        targetType: 'ApiToken',
        targetId: row.id,
        institutionId: values.institutionId,
        summary: `Created ${values.role} token "${values.name}"${values.expiresAt ? `, expiring ${values.expiresAt.toISOString()}` : ''}`,
      });
      return row;
    });
    return { token: secret, apiToken };
  }

  async revoke(viewer: Viewer, id: number): Promise<Result<ApiTokenRow>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const found = await this.db.read
      .select({ token: apiTokens, path: institutions.path })
      .from(apiTokens)
      .leftJoin(institutions, eq(institutions.id, apiTokens.institutionId))
      .where(eq(apiTokens.id, id))
      .get();
    if (!found) return fail({ field: ['id'], code: 'NOT_FOUND', message: 'No such token' });
    const allowed = policy.isSuperadmin(viewer) || (found.path !== null && found.token.role !== 'SUPERADMIN' && policy.canManageInstitution(viewer, found.path));
    if (!allowed) throw forbidden('You cannot revoke this token');
    if (found.token.revokedAt) return fail({ field: ['id'], code: 'ALREADY_REVOKED', message: 'The token was already revoked' });
    const row = await this.db.write(async (tx) => {
      const updated = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning().get();
      await recordAudit(tx, viewer, {
        action: 'revokeApiToken',
        targetType: 'ApiToken',
        targetId: id,
        institutionId: found.token.institutionId,
        summary: `Revoked ${found.token.role} token "${found.token.name}"`,
      });
      return updated;
    });
    return ok(row);
  }

  /**
   * Makes BOOTSTRAP_ADMIN_TOKEN a SUPERADMIN token, hashed like any other. A
   * new value retires the previous one; a value once revoked stays revoked.
   * Returns false when the configured token has been revoked.
   */
  async ensureBootstrapToken(viewer: Viewer, secret: string): Promise<boolean> {
    const hash = hashToken(secret);
    return this.db.write(async (tx) => {
      const existing = await tx.select().from(apiTokens).where(eq(apiTokens.tokenHash, hash)).get();
      if (existing) return existing.revokedAt === null;
      await tx
        .update(apiTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiTokens.name, BOOTSTRAP_TOKEN_NAME), isNull(apiTokens.revokedAt)))
        .run();
      const row = await tx
        .insert(apiTokens)
        .values({ name: BOOTSTRAP_TOKEN_NAME, role: 'SUPERADMIN', tokenHash: hash, createdBy: 'environment' })
        .returning()
        .get();
      await recordAudit(tx, viewer, {
        action: 'bootstrapAdminToken',
        targetType: 'ApiToken',
        targetId: row.id,
        summary: 'Installed BOOTSTRAP_ADMIN_TOKEN as a SUPERADMIN token',
      });
      return true;
    });
  }
}
