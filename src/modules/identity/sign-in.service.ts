import { decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { ANONYMOUS, type Viewer } from '../../auth/viewer';
import type { Database } from '../../db/database';
import { LearnerMatch, type MatchedLearner } from '../learners/learner-matcher';
import type { LearnerService } from '../learners/learner.service';
import { nipProblem } from '../learners/nip';
import type { ActiveProvider, IdentityProviderService } from './identity-provider.service';
import { ProviderKeys } from './provider-keys';

/** Only public-key signatures: a provider's tokens are verified with keys anyone may fetch. */
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const CLOCK_TOLERANCE_SECONDS = 60;
/** Three base64url parts: a JWT. API tokens (`bkm_…`) contain no dot. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Tokens verified already, by their exact text: at most this many characters of them are kept. */
const VERIFIED_CACHE_CHARS = 16 * 1024 * 1024;

interface Verified {
  providerId: number;
  claims: JWTPayload;
  /** exp plus the leeway, in ms: after it the token is checked (and refused) in full again. */
  validUntil: number;
  /** The viewer it stood for while the database was at `generation` (no write since). */
  viewer?: Viewer;
  generation?: number;
}

export const looksLikeJwt = (bearer: string | undefined): bearer is string => bearer !== undefined && bearer.length < 16_384 && JWT_SHAPE.test(bearer);

/**
 * Signs learners in with ID tokens (or JWT access tokens) of their
 * institution's registered OpenID Connect provider. Anything that does not
 * hold is anonymous, so protected fields answer UNAUTHENTICATED.
 */
export class SignInService {
  private readonly keys: ProviderKeys;
  /**
   * A portal sends the same ID token with every request: its signature is
   * verified once. The provider (still active?) and the learner (still in its
   * subtree?) are read again after any write to the database, so a
   * deactivation or a move holds from the next request on.
   */
  private readonly verified = new LRUCache<string, Verified>({ maxSize: VERIFIED_CACHE_CHARS, sizeCalculation: (_v, jwt) => jwt.length });

  constructor(
    private readonly db: Database,
    private readonly providers: IdentityProviderService,
    private readonly learners: LearnerService,
    private readonly options: { allowHttpIssuers: boolean; now: () => number },
  ) {
    this.keys = new ProviderKeys({ allowHttp: options.allowHttpIssuers, now: options.now });
  }

  async authenticate(jwt: string): Promise<Viewer> {
    try {
      return (await this.signIn(jwt)) ?? ANONYMOUS;
    } catch {
      // Malformed, badly signed, expired, or keys unavailable: all the same to the caller.
      return ANONYMOUS;
    }
  }

  private async signIn(jwt: string): Promise<Viewer | null> {
    let entry = this.verified.get(jwt);
    if (entry && this.options.now() > entry.validUntil) entry = undefined;
    if (entry?.viewer && entry.generation === this.db.generation) {
      this.providers.lastSignIn.touch(entry.providerId);
      return entry.viewer;
    }
    // Read before resolving: a write meanwhile (a learner created) leaves the entry stale, to be resolved again.
    const generation = this.db.generation;
    let provider: ActiveProvider | undefined;
    if (entry) provider = await this.providers.activeById(entry.providerId);
    else {
      const verified = await this.verify(jwt);
      if (!verified) return null;
      provider = verified.provider;
      entry = { providerId: provider.id, claims: verified.claims, validUntil: (verified.claims.exp! + CLOCK_TOLERANCE_SECONDS) * 1000 };
      this.verified.set(jwt, entry);
    }
    const viewer = provider ? await this.viewerFor(provider, entry.claims) : null;
    entry.viewer = viewer ?? undefined;
    entry.generation = generation;
    return viewer;
  }

  /** The registered provider whose token this is, and its claims, when every check holds; jose throws otherwise. */
  private async verify(jwt: string): Promise<{ provider: ActiveProvider; claims: JWTPayload } | null> {
    const unverified = decodeJwt(jwt);
    const audiences = typeof unverified.aud === 'string' ? [unverified.aud] : (unverified.aud ?? []);
    // Only registered issuers' documents are ever fetched: the provider is found before any key is.
    const provider = typeof unverified.iss === 'string' ? (await this.providers.activeForIssuer(unverified.iss)).find((p) => audiences.includes(p.audience)) : undefined;
    if (!provider) return null;
    const { payload } = await jwtVerify(jwt, (header, token) => this.keys.keyFor(provider.issuer, header, token), {
      issuer: provider.issuer,
      audience: provider.audience,
      algorithms: ASYMMETRIC_ALGORITHMS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(this.options.now()),
      requiredClaims: ['exp'],
    });
    return { provider, claims: payload };
  }

  private async viewerFor(provider: ActiveProvider, payload: JWTPayload): Promise<Viewer | null> {
    const learner = await this.learnerFor(provider, payload);
    if (!learner || !learner.active || !learner.institutionPath.startsWith(provider.institutionPath)) return null;
    this.providers.lastSignIn.touch(provider.id);
    return {
      authenticated: true,
      role: 'LEARNER',
      tokenId: null,
      tokenName: `${provider.name}: ${learner.nip ?? learner.email}`,
      institutionId: learner.institutionId,
      institutionPath: learner.institutionPath,
      learnerId: learner.id,
      authenticatedBy: provider.name,
    };
  }

  /** The NIP claim, else a verified e-mail, names the learner; with createLearners an unknown one is created. */
  private async learnerFor(provider: ActiveProvider, claims: JWTPayload): Promise<MatchedLearner | null> {
    const nip = stringClaim(claims, provider.nipClaim);
    const email = claims.email_verified === true ? stringClaim(claims, provider.emailClaim)?.toLowerCase() : undefined;
    const reference = nip ? { nip } : email ? { email } : null;
    if (!reference) return null;
    const known = (await LearnerMatch.find(this.db.read, [reference])).get(reference);
    if (known || !provider.createLearners) return known ?? null;
    return this.createLearner(provider, { nip, email, name: stringClaim(claims, 'name') });
  }

  /** Through the learners service, as the provider acting for its own institution, and audited as such. */
  private async createLearner(provider: ActiveProvider, person: { nip?: string; email?: string; name?: string }): Promise<MatchedLearner | null> {
    const employmentType = !person.nip ? 'NON_ASN' : nipProblem(person.nip, 'PNS') === null ? 'PNS' : 'PPPK';
    const actor: Viewer = {
      authenticated: true,
      role: 'INSTITUTION_ADMIN',
      tokenId: null,
      tokenName: `identity provider "${provider.name}"`,
      institutionId: provider.institutionId,
      institutionPath: provider.institutionPath,
      learnerId: null,
      authenticatedBy: provider.name,
    };
    const result = await this.learners.importLearners(actor, {
      institutionCode: provider.institutionCode,
      learners: [{ nip: person.nip ?? null, email: person.email ?? null, name: person.name?.trim() || person.nip || person.email!, employmentType }],
    });
    if (!result.ok) return null;
    const reference = person.nip ? { nip: person.nip } : { email: person.email };
    return (await LearnerMatch.find(this.db.read, [reference])).get(reference) ?? null;
  }
}

function stringClaim(claims: JWTPayload, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' && value.length <= 320 ? value.trim() : undefined;
}
