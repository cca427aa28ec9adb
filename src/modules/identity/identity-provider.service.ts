import { and, eq, like, sql, type SQL } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { prepared, type Database, type Db } from '../../db/database';
import { LastUsedRecorder } from '../../db/last-used';
import { paginate, type Page, type PageArgs } from '../../db/paginate';
import { identityProviders, institutions, type IdentityProviderRow } from '../../db/schema';
import { fail, ok, type Result } from '../../core/errors';
import { Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import type { InstitutionService } from '../institutions/institution.service';

export interface NewIdentityProvider {
  name: string;
  issuer: string;
  audience: string;
  institutionCode: string;
  nipClaim?: string | null;
  emailClaim?: string | null;
  createLearners?: boolean | null;
}

/** A provider as sign-in needs it: with its institution's path, for the subtree check. */
export type ActiveProvider = IdentityProviderRow & { institutionPath: string; institutionCode: string };

const activeProviders = (db: Db) =>
  db
    .select({ provider: identityProviders, institutionPath: institutions.path, institutionCode: institutions.code })
    .from(identityProviders)
    .innerJoin(institutions, eq(institutions.id, identityProviders.institutionId));
const activeByIssuer = prepared((db) =>
  activeProviders(db)
    .where(and(eq(identityProviders.issuer, sql.placeholder('issuer')), eq(identityProviders.active, true)))
    .orderBy(identityProviders.id)
    .prepare(),
);
const activeById = prepared((db) =>
  activeProviders(db)
    .where(and(eq(identityProviders.id, sql.placeholder('id')), eq(identityProviders.active, true)))
    .prepare(),
);
const withInstitution = (r: { provider: IdentityProviderRow; institutionPath: string; institutionCode: string }): ActiveProvider => ({
  ...r.provider,
  institutionPath: r.institutionPath,
  institutionCode: r.institutionCode,
});

const CLAIM_NAME = /^[A-Za-z0-9_.:/-]{1,100}$/;

/** Registered OpenID Connect providers: who may register them (SUPERADMIN) and which are active. */
export class IdentityProviderService {
  /** Notes each provider's sign-ins, written in batches. */
  readonly lastSignIn: LastUsedRecorder;

  constructor(
    private readonly db: Database,
    private readonly institutions: InstitutionService,
    private readonly options: { allowHttpIssuers: boolean; now?: () => number },
  ) {
    this.lastSignIn = new LastUsedRecorder(
      db,
      async (tx, id, at) => await tx.update(identityProviders).set({ lastSignInAt: at }).where(eq(identityProviders.id, id)).run(),
      options.now,
    );
  }

  /** The active providers whose tokens carry this `iss`; read per sign-in, so a deactivation holds at once. */
  async activeForIssuer(issuer: string): Promise<ActiveProvider[]> {
    return (await activeByIssuer(this.db.read).all({ issuer })).map(withInstitution);
  }

  /** The provider if it is (still) active. */
  async activeById(id: number): Promise<ActiveProvider | undefined> {
    const row = await activeById(this.db.read).get({ id });
    return row && withInstitution(row);
  }

  async register(viewer: Viewer, input: NewIdentityProvider): Promise<Result<IdentityProviderRow>> {
    policy.requireRole(viewer, 'SUPERADMIN');
    const p = new Problems();
    const name = p.text(input.name, ['name'], 'Name', 100);
    const issuer = this.checkIssuer(input.issuer, p);
    const audience = p.text(input.audience, ['audience'], 'Audience', 200);
    const claim = (value: string | null | undefined, field: string, fallback: string) => {
      const claimName = value?.trim() || fallback;
      if (!CLAIM_NAME.test(claimName)) p.add([field], 'INVALID', 'A claim name is 1-100 letters, digits or _ . : / -');
      return claimName;
    };
    const nipClaim = claim(input.nipClaim, 'nipClaim', 'nip');
    const emailClaim = claim(input.emailClaim, 'emailClaim', 'email');
    const institution = await this.institutions.findByCode(input.institutionCode);
    if (!institution) p.add(['institutionCode'], 'NOT_FOUND', `No institution has code ${input.institutionCode}`);
    if (p.any || !name || !issuer || !audience || !institution) return fail(...p.list);

    const row = await this.db.write(async (tx) => {
      const taken = await tx
        .select({ id: identityProviders.id })
        .from(identityProviders)
        .where(and(eq(identityProviders.issuer, issuer), eq(identityProviders.audience, audience)))
        .get();
      if (taken) return null;
      const created = await tx
        .insert(identityProviders)
        .values({ name, issuer, audience, institutionId: institution.id, nipClaim, emailClaim, createLearners: input.createLearners ?? false, createdBy: viewer.tokenName })
        .returning()
        .get();
      await recordAudit(tx, viewer, {
        action: 'registerIdentityProvider',
        targetType: 'IdentityProvider',
        targetId: created.id,
        institutionId: institution.id,
        summary: `Registered identity provider "${name}" (${issuer}, audience ${audience}) for ${institution.code}`,
      });
      return created;
    });
    if (!row) return fail({ field: ['audience'], code: 'ALREADY_EXISTS', message: 'This issuer is registered with this audience already' });
    return ok(row);
  }

  async setActive(viewer: Viewer, id: number, active: boolean): Promise<Result<IdentityProviderRow>> {
    policy.requireRole(viewer, 'SUPERADMIN');
    const row = await this.db.write(async (tx) => {
      const updated = await tx.update(identityProviders).set({ active }).where(eq(identityProviders.id, id)).returning().get();
      if (!updated) return null;
      await recordAudit(tx, viewer, {
        action: 'setIdentityProviderActive',
        targetType: 'IdentityProvider',
        targetId: id,
        institutionId: updated.institutionId,
        summary: `${active ? 'Activated' : 'Deactivated'} identity provider "${updated.name}"`,
      });
      return updated;
    });
    return row ? ok(row) : fail({ field: ['id'], code: 'NOT_FOUND', message: 'No such identity provider' });
  }

  /** SUPERADMIN: all; INSTITUTION_ADMIN: those that sign in people of its subtree. In order of registration. */
  async list(viewer: Viewer, page: PageArgs): Promise<Page<IdentityProviderRow>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const scope = policy.scopePath(viewer);
    const where: SQL | undefined = scope === null ? undefined : like(institutions.path, `${scope}%`);
    const from = () => this.db.read.select({ provider: identityProviders }).from(identityProviders).innerJoin(institutions, eq(institutions.id, identityProviders.institutionId));
    return paginate(page, {
      rows: async (q) => (await from().where(and(where, q.after)).orderBy(...q.orderBy).limit(q.limit).all()).map((r) => r.provider),
      order: [{ column: identityProviders.id, direction: 'asc', value: (r) => r.id }],
      count: async () =>
        (await this.db.read
          .select({ n: sql<number>`count(*)` })
          .from(identityProviders)
          .innerJoin(institutions, eq(institutions.id, identityProviders.institutionId))
          .where(where)
          .get())!.n,
    });
  }

  /** An absolute https URL (http when allowed) without query or fragment: discovery appends to it. */
  private checkIssuer(value: string, p: Problems): string | null {
    const issuer = p.text(value, ['issuer'], 'Issuer', 500);
    if (!issuer) return null;
    let url: URL;
    try {
      url = new URL(issuer);
    } catch {
      p.add(['issuer'], 'INVALID', 'The issuer must be an absolute URL');
      return null;
    }
    const schemes = this.options.allowHttpIssuers ? ['https:', 'http:'] : ['https:'];
    if (!schemes.includes(url.protocol)) {
      p.add(['issuer'], 'INVALID', this.options.allowHttpIssuers ? 'The issuer must be an http(s) URL' : 'The issuer must be an https URL (OIDC_ALLOW_HTTP_ISSUERS is off)');
      return null;
    }
    if (url.search || url.hash || url.username || url.password) {
      p.add(['issuer'], 'INVALID', 'The issuer has no query, fragment or credentials');
      return null;
    }
    return issuer;
  }
}
