import { exportJWK, exportSPKI, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { SYSTEM } from '../../../src/auth/viewer';
import { learners } from '../../../src/db/schema';
import { op } from '../../support/contract';
import { dataOf } from '../../support/app';
import { CLIENT_ID, newKey } from '../../support/oidc-provider';
import { NIP_KUPANG, NIP_MALANG, signInWorld, whoAmICode, type SignInWorld } from './world';

let w: SignInWorld;
beforeAll(async () => {
  w = await signInWorld();
});
afterAll(() => w.close());

const seconds = () => Math.floor(w.clock.now / 1000);
const budi = { sub: 'budi', nip: NIP_MALANG };

describe('a token the server accepts', () => {
  it('is signed by a key of the registered issuer, for the registered audience, within its lifetime', async () => {
    expect(await whoAmICode(w.t, await w.idp.sign(budi))).toBe('ok');
  });

  it('may be up to 60 s past exp or before nbf (clock skew)', async () => {
    expect(await whoAmICode(w.t, await w.idp.sign({ ...budi, exp: seconds() - 30 }))).toBe('ok');
    expect(await whoAmICode(w.t, await w.idp.sign({ ...budi, nbf: seconds() + 30 }))).toBe('ok');
  });
});

describe('every other token is UNAUTHENTICATED', () => {
  it('alg: none', async () => {
    const unsigned = new UnsecuredJWT({ ...budi }).setIssuer(w.idp.issuer).setAudience(CLIENT_ID).setIssuedAt().setExpirationTime('5m').encode();
    expect(await whoAmICode(w.t, unsigned)).toBe('UNAUTHENTICATED');
  });

  it('HS256 signed with the public key (as PEM and as JWK JSON)', async () => {
    const key = w.idp.key();
    for (const secret of [await exportSPKI(key.publicKey), JSON.stringify(await exportJWK(key.publicKey))]) {
      const forged = await new SignJWT({ ...budi })
        .setProtectedHeader({ alg: 'HS256', kid: key.kid })
        .setIssuer(w.idp.issuer)
        .setAudience(CLIENT_ID)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(secret));
      expect(await whoAmICode(w.t, forged)).toBe('UNAUTHENTICATED');
    }
  });

  it('a wrong iss', async () => {
    expect(await whoAmICode(w.t, await w.idp.sign({ ...budi, iss: 'https://sso.example.org' }))).toBe('UNAUTHENTICATED');
    expect(await whoAmICode(w.t, await w.idp.sign({ ...budi, iss: `${w.idp.issuer}/` }))).toBe('UNAUTHENTICATED');
  });

  it('a wrong aud', async () => {
    expect(await whoAmICode(w.t, await w.idp.sign({ ...budi, aud: 'another-client' }))).toBe('UNAUTHENTICATED');
  });

  it('expired more than 60 s ago, or without exp', async () => {
    expect(await whoAmICode(w.t, await w.idp.sign({ ...budi, exp: seconds() - 90 }))).toBe('UNAUTHENTICATED');
    expect(await whoAmICode(w.t, await w.idp.sign({ ...budi, exp: undefined }))).toBe('UNAUTHENTICATED');
  });

  it('a token that worked, once it is more than 60 s past exp', async () => {
    const token = await w.idp.sign({ ...budi, exp: seconds() + 10 });
    expect(await whoAmICode(w.t, token)).toBe('ok');
    w.clock.now += 69_000;
    expect(await whoAmICode(w.t, token)).toBe('ok');
    w.clock.now += 2_000;
    expect(await whoAmICode(w.t, token)).toBe('UNAUTHENTICATED');
  });

  it('not valid for another 60 s or more (nbf)', async () => {
    expect(await whoAmICode(w.t, await w.idp.sign({ ...budi, nbf: seconds() + 90 }))).toBe('UNAUTHENTICATED');
  });

  it('an unknown kid that stays unknown after the keys are fetched again, which happens at most once a minute', async () => {
    const stranger = await newKey();
    w.clock.now += 61_000;
    const before = w.idp.documentFetches();
    expect(await whoAmICode(w.t, await w.idp.sign(budi, { key: stranger }))).toBe('UNAUTHENTICATED');
    expect(w.idp.documentFetches() - before).toBe(2);
    for (let i = 0; i < 3; i++) expect(await whoAmICode(w.t, await w.idp.sign(budi, { key: stranger }))).toBe('UNAUTHENTICATED');
    expect(w.idp.documentFetches() - before).toBe(2);
    expect(await whoAmICode(w.t, await w.idp.sign(budi))).toBe('ok');
  });

  it('a token of a deactivated provider, at once; it works again once reactivated', async () => {
    const token = await w.idp.sign(budi);
    expect(await whoAmICode(w.t, token)).toBe('ok');
    const off = dataOf(await w.t.gql(op('SetIdentityProviderActive'), { input: { id: w.providerId, active: false } })).setIdentityProviderActive;
    expect(off).toEqual({ identityProvider: { id: w.providerId, active: false }, userErrors: [] });
    expect(await whoAmICode(w.t, token)).toBe('UNAUTHENTICATED');
    dataOf(await w.t.gql(op('SetIdentityProviderActive'), { input: { id: w.providerId, active: true } }));
    expect(await whoAmICode(w.t, token)).toBe('ok');
  });

  it("a learner outside the provider's institution subtree", async () => {
    expect(await whoAmICode(w.t, await w.idp.sign({ sub: 'maria', nip: NIP_KUPANG }))).toBe('UNAUTHENTICATED');
  });

  it('a token that worked, once its learner moved out of the subtree', async () => {
    const token = await w.idp.sign(budi);
    expect(await whoAmICode(w.t, token)).toBe('ok');
    const moveTo = (institutionCode: string) =>
      w.t.app.services.learners.importLearners(SYSTEM, {
        institutionCode,
        learners: [{ nip: NIP_MALANG, name: 'Budi Santoso', employmentType: 'PNS', email: 'budi@malangkab.go.id' }],
      });
    await moveTo('KOTA-KUPANG');
    expect(await whoAmICode(w.t, token)).toBe('UNAUTHENTICATED');
    await moveTo('KAB-MALANG');
    expect(await whoAmICode(w.t, token)).toBe('ok');
  });

  it('a deactivated learner, at once; again accepted once reactivated', async () => {
    const token = await w.idp.sign(budi);
    expect(await whoAmICode(w.t, token)).toBe('ok');
    // No mutation deactivates learners yet (it is being built elsewhere): the column it will set, written as it will be.
    const setActive = (active: boolean) =>
      w.t.app.db.write(async (tx) => await tx.update(learners).set({ active, deactivatedAt: active ? null : new Date() }).where(eq(learners.nip, NIP_MALANG)).run());
    await setActive(false);
    expect(await whoAmICode(w.t, token)).toBe('UNAUTHENTICATED');
    expect(await whoAmICode(w.t, await w.idp.sign({ ...budi, jti: 'fresh' }))).toBe('UNAUTHENTICATED');
    await setActive(true);
    expect(await whoAmICode(w.t, token)).toBe('ok');
  });

  it('a token naming nobody: an unknown NIP without createLearners, or an e-mail not verified', async () => {
    expect(await whoAmICode(w.t, await w.idp.sign({ sub: 'x', nip: '199103032016031003' }))).toBe('UNAUTHENTICATED');
    expect(await whoAmICode(w.t, await w.idp.sign({ sub: 'budi', email: 'budi@malangkab.go.id', email_verified: false }))).toBe('UNAUTHENTICATED');
    expect(await whoAmICode(w.t, await w.idp.sign({ sub: 'budi', email: 'budi@malangkab.go.id' }))).toBe('UNAUTHENTICATED');
  });

  it('malformed bearers', async () => {
    for (const bearer of ['a.b.c', 'eyJhbGciOiJSUzI1NiJ9.e30.', `${(await w.idp.sign(budi)).slice(0, -4)}AAAA`]) {
      expect(await whoAmICode(w.t, bearer)).toBe('UNAUTHENTICATED');
    }
  });
});

describe('exports take the same bearer', () => {
  it('an ID token signs in there too: a learner is refused (403), a bad token is not signed in (401)', async () => {
    const exportUrl = w.t.url.replace('/graphql', '/exports/certificates.csv?issuer=BPSDM-JATIM&year=2025');
    const get = async (bearer: string) => (await fetch(exportUrl, { headers: { authorization: `Bearer ${bearer}` } })).status;
    expect(await get(await w.idp.sign(budi))).toBe(403);
    expect(await get(await w.idp.sign({ ...budi, aud: 'another-client' }))).toBe(401);
  });
});

describe('who the token names', () => {
  it('the NIP claim, else a verified e-mail', async () => {
    const byEmail = await w.idp.sign({ sub: 'budi', email: 'Budi@MalangKab.go.id', email_verified: true });
    expect(dataOf(await w.t.gql(op('WhoAmI'), {}, byEmail)).viewer.learner.nip).toBe(NIP_MALANG);
    const both = await w.idp.sign({ sub: 'budi', nip: NIP_MALANG, email: 'someone-else@example.org', email_verified: true });
    expect(dataOf(await w.t.gql(op('WhoAmI'), {}, both)).viewer.learner.nip).toBe(NIP_MALANG);
  });

  it('creates an unknown person in the provider\'s institution on first sign-in when the provider has createLearners', async () => {
    const mobile = dataOf(
      await w.t.gql(op('RegisterIdentityProvider'), {
        input: { name: 'SSO Jatim mobile', issuer: w.idp.issuer, audience: 'bangkom-mobile', institutionCode: 'BPSDM-JATIM', createLearners: true },
      }),
    ).registerIdentityProvider;
    expect(mobile.identityProvider).toMatchObject({ createLearners: true, nipClaim: 'nip', emailClaim: 'email', active: true });
    const newcomer = { sub: 'sari', nip: '199204042017042004', name: 'Sari Dewi', aud: 'bangkom-mobile' };
    expect(await whoAmICode(w.t, await w.idp.sign({ ...newcomer, aud: CLIENT_ID }))).toBe('UNAUTHENTICATED');
    const viewer = dataOf(await w.t.gql(op('WhoAmI'), {}, await w.idp.sign(newcomer))).viewer;
    expect(viewer).toMatchObject({ role: 'LEARNER', authenticatedBy: 'SSO Jatim mobile', institution: { code: 'BPSDM-JATIM' } });
    expect(viewer.learner).toMatchObject({ nip: '199204042017042004', name: 'Sari Dewi' });
    // The same person again is the same learner, not a second one.
    expect(dataOf(await w.t.gql(op('WhoAmI'), {}, await w.idp.sign(newcomer))).viewer.learner.id).toBe(viewer.learner.id);
    const audit = dataOf(await w.t.gql('{ auditLog(first: 5, filter: { action: "importLearners" }) { edges { node { actor summary } } } }')).auditLog.edges;
    expect(audit[0].node.actor).toBe('identity provider "SSO Jatim mobile"');

    const nonAsn = await w.idp.sign({ sub: 'wati', email: 'wati@bumdes.id', email_verified: true, name: 'Wati', aud: 'bangkom-mobile' });
    expect(dataOf(await w.t.gql(op('WhoAmI'), {}, nonAsn)).viewer.learner).toMatchObject({ nip: null, email: 'wati@bumdes.id', name: 'Wati' });
  });
});
