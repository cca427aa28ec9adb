import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../../config';

/** A public Ed25519 key as published in the JWKS. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface SigningKey {
  kid: string;
  /** A KeyObject serialises to `{}`, so a stray log line cannot leak it. */
  privateKey: KeyObject;
  publicJwk: PublicJwk;
}

/** The key credentials are signed with now, plus older keys that stay published so old credentials still verify. */
export interface SigningKeys {
  current: SigningKey;
  published: PublicJwk[];
}

export const KEY_FILE = 'signing-key.jwk.json';
const B64URL_32_BYTES = /^[A-Za-z0-9_-]{43}$/;

class SigningKeyError extends ConfigError {}

/** RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order. */
export const jwkThumbprint = (x: string) => createHash('sha256').update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x })).digest('base64url');

const publicJwk = (x: string): PublicJwk => ({ kty: 'OKP', crv: 'Ed25519', x, kid: jwkThumbprint(x), alg: 'EdDSA', use: 'sig' });

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SigningKeyError(`${where} must be a JSON object`);
  return value as Record<string, unknown>;
}

/** Checks one JWK; messages name the problem, never the key material. */
function parsePublic(value: unknown, where: string): PublicJwk {
  const jwk = asObject(value, where);
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') throw new SigningKeyError(`${where} must be an Ed25519 key (kty "OKP", crv "Ed25519")`);
  if (typeof jwk.x !== 'string' || !B64URL_32_BYTES.test(jwk.x)) throw new SigningKeyError(`${where} needs "x": the 32-byte public key, base64url`);
  return publicJwk(jwk.x);
}

function parsePrivate(value: unknown, where: string): SigningKey {
  const { x } = parsePublic(value, where);
  const d = asObject(value, where).d;
  if (typeof d !== 'string' || !B64URL_32_BYTES.test(d)) throw new SigningKeyError(`${where} needs "d": the 32-byte private key, base64url`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d, x }, format: 'jwk' });
  } catch {
    throw new SigningKeyError(`${where} is not a usable Ed25519 private key`);
  }
  const derivedX = (createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string }).x;
  if (derivedX !== x) throw new SigningKeyError(`${where}: "x" is not the public half of "d"`);
  return { kid: jwkThumbprint(x), privateKey, publicJwk: publicJwk(x) };
}

/**
 * `SIGNING_KEY` is a private Ed25519 JWK, or a JWK Set whose first key is the
 * private signing key and whose other keys (public parts suffice) are earlier
 * keys kept published for rotation.
 */
export function parseSigningKeys(json: string, where = 'SIGNING_KEY'): SigningKeys {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new SigningKeyError(`${where} is not valid JSON (expected a private Ed25519 JWK or a JWK Set)`);
  }
  const keys = asObject(value, where).keys;
  if (keys === undefined) {
    const current = parsePrivate(value, where);
    return { current, published: [current.publicJwk] };
  }
  if (!Array.isArray(keys) || keys.length === 0) throw new SigningKeyError(`${where}.keys must be a non-empty array`);
  const current = parsePrivate(keys[0], `${where}.keys[0]`);
  const older = keys.slice(1).map((k, i) => parsePublic(k, `${where}.keys[${i + 1}]`));
  const published = [current.publicJwk, ...older.filter((k) => k.kid !== current.kid)];
  return { current, published: [...new Map(published.map((k) => [k.kid, k])).values()] };
}

function generatedKeyJson(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const { kty, crv, x, d } = privateKey.export({ format: 'jwk' });
  return JSON.stringify({ kty, crv, x, d });
}

/** Reads the key file beside the database, creating it (mode 0600) the first time. */
function fileKeyJson(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, generatedKeyJson(), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  chmodSync(path, 0o600);
  return readFileSync(path, 'utf8');
}

/** Env `SIGNING_KEY` first; else `<data dir>/signing-key.jwk.json`; an in-memory database keeps an in-process key. */
export function loadSigningKeys(options: { signingKey?: string; databasePath: string }): SigningKeys {
  if (options.signingKey) return parseSigningKeys(options.signingKey);
  if (options.databasePath === ':memory:') return parseSigningKeys(generatedKeyJson(), 'generated key');
  const path = join(dirname(resolve(options.databasePath)), KEY_FILE);
  return parseSigningKeys(fileKeyJson(path), path);
}
