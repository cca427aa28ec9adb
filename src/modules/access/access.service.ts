import { eq, isNull, and, sql } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import { ANONYMOUS, API_TOKEN, type Viewer } from '../../auth/viewer';
import { prepared, type Database } from '../../db/database';
import { apiTokens, institutions, type ApiTokenRow, type RoleName } from '../../db/schema';
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
      institutionPath: institutions.path,
    })
    .from(apiTokens)
    .leftJoin(institutions, eq(institutions.id, apiTokens.institutionId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder('hash')), isNull(apiTokens.revokedAt)))
    .prepare(),
);

export interface NewToken {
  name: string;
  role: RoleName;
  institutionCode?: string | null;
  nip?: string | null;
}

export const BOOTSTRAP_TOKEN_NAME = 'bootstrap-admin';

export class AccessService {
  constructor(
    private readonly db: Database,
    private readonly institutions: InstitutionService,
  ) {}

  /** The viewer a bearer token stands for; unknown or revoked tokens are anonymous. */
  authenticate(secret: string | undefined): Viewer {
    if (!secret) return ANONYMOUS;
    const row = byHash(this.db.read).get({ hash: hashToken(secret) });
    if (!row) return ANONYMOUS;
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

  /** Creates a token; the secret is returned here and never again. */
  async create(viewer: Viewer, input: NewToken): Promise<Result<{ token: string; apiToken: ApiTokenRow }>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    if (!policy.canGrantRole(viewer, input.role)) throw forbidden(`You cannot create ${input.role} tokens`);
    const p = new Problems();
    const name = p.text(input.name, ['name'], 'Name', 100);
    let institutionId: number | null = null;
    let learnerId: number | null = null;
    let scopePath: string | null = null;
    if (input.role === 'INSTITUTION_ADMIN' || input.role === 'SYNC_CLIENT') {
      if (!input.institutionCode) p.add(['institutionCode'], 'REQUIRED', `${input.role} tokens belong to an institution`);
      else {
        const institution = this.institutions.findByCode(input.institutionCode);
        if (!institution) p.add(['institutionCode'], 'NOT_FOUND', `No institution has code ${input.institutionCode}`);
        else {
          institutionId = institution.id;
          scopePath = institution.path;
        }
      }
    }
    if (input.role === 'LEARNER') {
      if (!input.nip) p.add(['nip'], 'REQUIRED', 'LEARNER tokens are bound to one NIP');
      else {
        const found = LearnerMatch.find(this.db.read, [{ nip: input.nip }]).get({ nip: input.nip });
        const learner = policy.manageable(viewer, found, (l) => l.institutionPath, 'learner');
        if (!learner) p.add(['nip'], 'NOT_FOUND', `No learner has NIP ${input.nip}`);
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
    return ok(await this.insert(viewer, { name, role: input.role, institutionId, learnerId }));
  }

  private async insert(
    viewer: Viewer,
    values: { name: string; role: RoleName; institutionId: number | null; learnerId: number | null },
    secret = newTokenSecret(),
  ) {
    const apiToken = await this.db.write((tx) => {
      const row = tx
        .insert(apiTokens)
        .values({ ...values, tokenHash: hashToken(secret), createdBy: viewer.tokenName })
        .returning()
        .get();
      recordAudit(tx, viewer, {
        action: 'createApiToken',
        targetType: 'ApiToken',
        targetId: row.id,
        institutionId: values.institutionId,
        summary: `Created ${values.role} token "${values.name}"`,
      });
      return row;
    });
    return { token: secret, apiToken };
  }

  async revoke(viewer: Viewer, id: number): Promise<Result<ApiTokenRow>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const found = this.db.read
      .select({ token: apiTokens, path: institutions.path })
      .from(apiTokens)
      .leftJoin(institutions, eq(institutions.id, apiTokens.institutionId))
      .where(eq(apiTokens.id, id))
      .get();
    if (!found) return fail({ field: ['id'], code: 'NOT_FOUND', message: 'No such token' });
    const allowed = policy.isSuperadmin(viewer) || (found.path !== null && found.token.role !== 'SUPERADMIN' && policy.canManageInstitution(viewer, found.path));
    if (!allowed) throw forbidden('You cannot revoke this token');
    if (found.token.revokedAt) return fail({ field: ['id'], code: 'ALREADY_REVOKED', message: 'The token was already revoked' });
    const row = await this.db.write((tx) => {
      const updated = tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning().get();
      recordAudit(tx, viewer, {
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
    return this.db.write((tx) => {
      const existing = tx.select().from(apiTokens).where(eq(apiTokens.tokenHash, hash)).get();
      if (existing) return existing.revokedAt === null;
      tx.update(apiTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiTokens.name, BOOTSTRAP_TOKEN_NAME), isNull(apiTokens.revokedAt)))
        .run();
      const row = tx
        .insert(apiTokens)
        .values({ name: BOOTSTRAP_TOKEN_NAME, role: 'SUPERADMIN', tokenHash: hash, createdBy: 'environment' })
        .returning()
        .get();
      recordAudit(tx, viewer, {
        action: 'bootstrapAdminToken',
        targetType: 'ApiToken',
        targetId: row.id,
        summary: 'Installed BOOTSTRAP_ADMIN_TOKEN as a SUPERADMIN token',
      });
      return true;
    });
  }
}
