import { createLocalJWKSet, errors, type JSONWebKeySet, type JWSHeaderParameters, type FlattenedJWSInput } from 'jose';
import { LRUCache } from 'lru-cache';

/** An unknown `kid` fetches the provider's documents again at most this often. */
export const REFETCH_INTERVAL_MS = 60_000;
/** Keys older than this are fetched again on next use, so a key the provider withdrew stops working. */
const MAX_AGE_MS = 10 * 60_000;
const FETCH_TIMEOUT_MS = 5_000;
const MAX_DOCUMENT_BYTES = 256 * 1024;
/** Issuers whose keys are kept; only registered issuers ever get here. */
const MAX_ISSUERS = 1_000;

type KeyResolver = ReturnType<typeof createLocalJWKSet>;

interface Entry {
  keys: KeyResolver | null;
  fetchedAt: number;
  /** Last fetch started, successful or not: the rate limit counts attempts, so a provider that is down is not hammered. */
  attemptedAt: number;
  pending: Promise<void> | null;
}

export class KeysUnavailable extends Error {}

/**
 * The signing keys of registered issuers, found by OpenID Connect discovery
 * (`<issuer>/.well-known/openid-configuration`, then its `jwks_uri`) and
 * cached per issuer. A token signed with a key not in the cache (rotation)
 * fetches both documents again, at most once a minute per issuer.
 */
export class ProviderKeys {
  private readonly entries = new LRUCache<string, Entry>({ max: MAX_ISSUERS });

  constructor(private readonly options: { allowHttp: boolean; now: () => number }) {}

  /** For jose's `jwtVerify`: the key a token's header names, from the issuer's current key set. */
  async keyFor(issuer: string, header: JWSHeaderParameters, token: FlattenedJWSInput) {
    let entry = this.entries.get(issuer);
    if (!entry) {
      entry = { keys: null, fetchedAt: -Infinity, attemptedAt: -Infinity, pending: null };
      this.entries.set(issuer, entry);
    }
    if (!entry.keys || this.options.now() - entry.fetchedAt >= MAX_AGE_MS) await this.refresh(issuer, entry);
    try {
      return await this.resolve(entry, header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !this.mayFetch(entry)) throw error;
      await this.refresh(issuer, entry);
      return this.resolve(entry, header, token);
    }
  }

  private resolve(entry: Entry, header: JWSHeaderParameters, token: FlattenedJWSInput) {
    if (!entry.keys) throw new KeysUnavailable('The provider\'s keys could not be fetched');
    return entry.keys(header, token);
  }

  private mayFetch(entry: Entry) {
    return this.options.now() - entry.attemptedAt >= REFETCH_INTERVAL_MS;
  }

  /** One fetch at a time per issuer; when the rate limit holds, the cached keys stay as they are. */
  private async refresh(issuer: string, entry: Entry): Promise<void> {
    if (entry.pending) return entry.pending;
    if (!this.mayFetch(entry)) return;
    entry.attemptedAt = this.options.now();
    entry.pending = this.fetchKeys(issuer)
      .then((keys) => {
        entry.keys = keys;
        entry.fetchedAt = this.options.now();
      })
      // A provider that cannot be reached keeps its last keys; with none, its tokens are refused.
      .catch(() => undefined)
      .finally(() => {
        entry.pending = null;
      });
    return entry.pending;
  }

  private async fetchKeys(issuer: string): Promise<KeyResolver> {
    const discovery = await this.fetchJson(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
    if (discovery.issuer !== issuer) throw new KeysUnavailable('The discovery document names another issuer');
    if (typeof discovery.jwks_uri !== 'string') throw new KeysUnavailable('The discovery document has no jwks_uri');
    return createLocalJWKSet((await this.fetchJson(discovery.jwks_uri)) as unknown as JSONWebKeySet);
  }

  /** A JSON object from an http(s) URL: no redirects, 5 s, 256 KiB at most. */
  private async fetchJson(url: string): Promise<Record<string, unknown>> {
    const protocol = new URL(url).protocol;
    if (protocol !== 'https:' && !(this.options.allowHttp && protocol === 'http:')) throw new KeysUnavailable(`Refusing ${protocol} URL`);
    const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
    if (!response.ok || !response.body) throw new KeysUnavailable(`HTTP ${response.status} from ${url}`);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > MAX_DOCUMENT_BYTES) throw new KeysUnavailable(`${url} is larger than ${MAX_DOCUMENT_BYTES} bytes`);
      chunks.push(chunk);
    }
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new KeysUnavailable(`${url} is not a JSON object`);
    return value as Record<string, unknown>;
  }
}
