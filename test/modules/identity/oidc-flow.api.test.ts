import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { op } from '../../support/contract';
import { dataOf } from '../../support/app';
import { NIP_MALANG, signInWorld, type SignInWorld } from './world';

let w: SignInWorld;
beforeAll(async () => {
  w = await signInWorld();
  w.idp.accounts.set('budi', { nip: NIP_MALANG, name: 'Budi Santoso', email: 'budi@malangkab.go.id', email_verified: true });
});
afterAll(() => w.close());

describe('sign-in with a real OpenID Provider (authorization code + PKCE)', () => {
  it('takes the ID token as a bearer: the learner has role LEARNER and sees their own progress', async () => {
    const idToken = await w.idp.signIn('budi');
    expect(dataOf(await w.t.gql(op('WhoAmI'), {}, idToken)).viewer).toEqual({
      role: 'LEARNER',
      name: `SSO Jatim: ${NIP_MALANG}`,
      authenticatedBy: 'SSO Jatim',
      institution: { code: 'KAB-MALANG' },
      learner: { id: expect.any(String), nip: NIP_MALANG, email: 'budi@malangkab.go.id', name: 'Budi Santoso' },
    });
    const progress = dataOf(await w.t.gql(op('MyProgress'), { year: 2025 }, idToken)).viewer;
    expect(progress.role).toBe('LEARNER');
    expect(progress.learner.nip).toBe(NIP_MALANG);
    expect(progress.learner.learningHours.year).toBe(2025);
  });

  it('follows key rotation: tokens signed with the new key work once the keys may be fetched again', async () => {
    await w.idp.signIn('budi');
    const before = w.idp.documentFetches();
    await w.idp.rotateKeys();
    const rotated = await w.idp.signIn('budi');
    w.clock.now += 61_000;
    expect(dataOf(await w.t.gql(op('WhoAmI'), {}, rotated)).viewer.authenticatedBy).toBe('SSO Jatim');
    // openid-client's own discovery counts once per sign-in; the server's refetch adds discovery + JWKS once.
    expect(w.idp.documentFetches() - before).toBe(1 + 2);
    expect(dataOf(await w.t.gql(op('WhoAmI'), {}, await w.idp.signIn('budi'))).viewer.learner.nip).toBe(NIP_MALANG);
  });
});

describe('IdentityProviders', () => {
  it('shows when someone last signed in through a provider', async () => {
    await w.t.app.services.identityProviders.lastSignIn.flush();
    const node = dataOf(await w.t.gql(op('IdentityProviders'), {})).identityProviders.edges[0].node;
    expect(node).toMatchObject({ name: 'SSO Jatim', issuer: w.idp.issuer, active: true });
    expect(Date.parse(node.lastSignInAt)).toBeGreaterThan(0);
  });
});
