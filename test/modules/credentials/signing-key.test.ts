import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config';
import { CredentialService } from '../../../src/modules/credentials/credential.service';
import { KEY_FILE, loadSigningKeys, parseSigningKeys } from '../../../src/modules/credentials/signing-key';
import { fixture } from './credential-server';

const dir = mkdtempSync(join(tmpdir(), 'bangkom-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const privateJwk = () => {
  const { kty, crv, x, d } = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  return { kty, crv, x, d } as Record<string, string>;
};

describe('signing key', () => {
  it('is generated once into the data directory with mode 0600 and reused', () => {
    const databasePath = join(dir, 'data', 'bangkom.sqlite');
    const first = loadSigningKeys({ databasePath });
    const file = join(dir, 'data', KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: first.current.publicJwk.x });
    expect(loadSigningKeys({ databasePath }).current.kid).toBe(first.current.kid);
  });

  it('keeps a key in process for an in-memory database and writes nothing', () => {
    const keys = loadSigningKeys({ databasePath: ':memory:' });
    expect(keys.published).toHaveLength(1);
  });

  it('prefers SIGNING_KEY and never serialises the private key', () => {
    const jwk = privateJwk();
    const keys = loadSigningKeys({ signingKey: JSON.stringify(jwk), databasePath: join(dir, 'other.sqlite') });
    expect(keys.current.publicJwk.x).toBe(jwk.x);
    expect(JSON.stringify(keys)).not.toContain(jwk.d);
    expect(() => statSync(join(dir, KEY_FILE))).toThrow();
  });

  it('rejects a bad SIGNING_KEY with a message that names the problem, not the key', () => {
    const jwk = privateJwk();
    const other = privateJwk();
    const cases: [string, RegExp][] = [
      ['not json', /not valid JSON/],
      [JSON.stringify({ ...jwk, crv: 'P-256' }), /must be an Ed25519 key/],
      [JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }), /needs "d"/],
      [JSON.stringify({ ...jwk, x: other.x }), /not the public half/],
      [JSON.stringify({ keys: [] }), /non-empty array/],
    ];
    for (const [value, message] of cases) {
      let error: unknown;
      try {
        parseSigningKeys(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(jwk.d);
    }
  });

  it('rotates: signs with the first key of a JWK Set and still publishes the older ones', async () => {
    const old = privateJwk();
    const oldService = new CredentialService({ publicBaseUrl: 'https://bangkom.example', databasePath: ':memory:', SIGNING_KEY: JSON.stringify(old) });
    const oldCredential = await oldService.credentialFor(fixture());

    const current = privateJwk();
    const rotated = new CredentialService({
      publicBaseUrl: 'https://bangkom.example',
      databasePath: ':memory:',
      SIGNING_KEY: JSON.stringify({ keys: [current, { kty: old.kty, crv: old.crv, x: old.x }] }),
    });
    const jwks = rotated.jwks();
    expect(jwks.keys.map((k) => k.x)).toEqual([current.x, old.x]);
    const keySet = createLocalJWKSet(jwks);
    const fresh = await rotated.credentialFor(fixture());
    expect((await jwtVerify(fresh, keySet)).protectedHeader.kid).toBe(jwks.keys[0].kid);
    expect((await jwtVerify(oldCredential, keySet)).protectedHeader.kid).toBe(jwks.keys[1].kid);
  });
});
