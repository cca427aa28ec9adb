import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import Provider from 'oidc-provider';
import * as client from 'openid-client';

export const CLIENT_ID = 'bangkom-learner-portal';
const REDIRECT_URI = 'http://127.0.0.1:1/callback';
const SCOPE = 'openid email profile nip';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>> & { kid: string };

export const newKey = async (): Promise<KeyPair> => ({ ...(await generateKeyPair('RS256', { extractable: true })), kid: randomUUID() });

/**
 * A real OpenID Provider (the certified `oidc-provider` package) on loopback,
 * for sign-in tests: accounts with their claims, the authorization-code flow
 * with PKCE through `openid-client`, key rotation, and hand-made tokens signed
 * with its current key for the cases a provider would never issue.
 */
export interface TestOidcProvider {
  issuer: string;
  /** Claims per account id (the `sub`). */
  accounts: Map<string, Record<string, unknown>>;
  /** Its current signing key. */
  key(): KeyPair;
  /** An ID token for the account, obtained as a portal would: authorization code + PKCE. */
  signIn(accountId: string): Promise<string>;
  /** A token with these claims (iss, aud, iat, exp of 5 minutes filled in unless given), signed by `key`. */
  sign(claims: JWTPayload, options?: { key?: KeyPair; alg?: string }): Promise<string>;
  /** A new signing key; the old one stays published, as providers rotate. */
  rotateKeys(): Promise<void>;
  /** GETs of the discovery document and the JWKS so far. */
  documentFetches(): number;
  close(): Promise<void>;
}

export async function startOidcProvider(): Promise<TestOidcProvider> {
  const accounts = new Map<string, Record<string, unknown>>();
  let keys: KeyPair[] = [await newKey()];
  let fetches = 0;
  let provider: any;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/.well-known/openid-configuration' || path === '/jwks') fetches++;
    if (path.startsWith('/interaction/')) {
      void finishLogin(req, res).catch((error: Error) => {
        res.statusCode = 500;
        res.end(error.message);
      });
      return;
    }
    provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** Logs in the account the authorization request named in login_hint: no form, no consent screen. */
  async function finishLogin(req: IncomingMessage, res: ServerResponse) {
    const details = await provider.interactionDetails(req, res);
    await provider.interactionFinished(req, res, { login: { accountId: details.params.login_hint } }, { mergeWithLastSubmission: false });
  }

  const jwks = async () => ({
    keys: await Promise.all(keys.map(async (k) => ({ ...(await exportJWK(k.privateKey)), kid: k.kid, alg: 'RS256', use: 'sig' }))),
  });

  async function build() {
    provider = new Provider(issuer, {
      clients: [{ client_id: CLIENT_ID, token_endpoint_auth_method: 'none', redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code'], response_types: ['code'] }],
      jwks: await jwks(),
      cookies: { keys: ['test-cookie-key-0123456789'] },
      scopes: ['openid', 'email', 'profile', 'nip'],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], nip: ['nip'] },
      // The claims of the granted scopes go into the ID token itself, as many providers do.
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      pkce: { required: () => true },
      ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
      findAccount: (_ctx: unknown, id: string) => (accounts.has(id) ? { accountId: id, claims: () => ({ sub: id, ...accounts.get(id) }) } : undefined),
      // Consent is taken as given: the test is about the tokens, not the screens.
      loadExistingGrant: async (ctx: any) => {
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
        grant.addOIDCScope(SCOPE);
        await grant.save();
        return grant;
      },
    });
  }
  await build();

  async function signIn(accountId: string): Promise<string> {
    const config = await client.discovery(new URL(issuer), CLIENT_ID, undefined, client.None(), { execute: [client.allowInsecureRequests] });
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    let location = client
      .buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT_URI,
        scope: SCOPE,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        login_hint: accountId,
      })
      .toString();
    const cookies = new Map<string, string>();
    for (let hops = 0; !location.startsWith(REDIRECT_URI); hops++) {
      if (hops > 10) throw new Error('Too many redirects in the authorization flow');
      const response = await fetch(location, { redirect: 'manual', headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const at = pair.indexOf('=');
        cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
      const next = response.headers.get('location');
      if (!next) throw new Error(`The provider answered ${response.status} without a redirect: ${await response.text()}`);
      location = new URL(next, location).toString();
    }
    const tokens = await client.authorizationCodeGrant(config, new URL(location), { pkceCodeVerifier: verifier, expectedState: state });
    return tokens.id_token!;
  }

  return {
    issuer,
    accounts,
    key: () => keys[0],
    signIn,
    async sign(claims, options = {}) {
      const key = options.key ?? keys[0];
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: issuer, aud: CLIENT_ID, iat: now, exp: now + 300, ...claims })
        .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: key.kid })
        .sign(key.privateKey);
    },
    async rotateKeys() {
      keys = [await newKey(), ...keys];
      await build();
    },
    documentFetches: () => fetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
