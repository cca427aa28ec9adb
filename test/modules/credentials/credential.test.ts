import { createHash } from 'node:crypto';
import { fc, test as propTest } from '@fast-check/vitest';
import { calculateJwkThumbprint, createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBitstring, getBit, STATUS_LIST_BITS } from '../../../src/modules/credentials/status-list';
import { fixture, startCredentialServer, type CredentialServer } from './credential-server';

let s: CredentialServer;
let keySet: ReturnType<typeof createRemoteJWKSet>;
beforeAll(async () => {
  s = await startCredentialServer();
  keySet = createRemoteJWKSet(new URL(`${s.base}/.well-known/jwks.json`));
});
afterAll(() => s.close());

/** Verification as an outside verifier does it: jose, against the JWKS fetched over HTTP. */
const verify = (jwt: string) => jwtVerify(jwt, keySet, { algorithms: ['EdDSA'], typ: 'JWT' });

describe('JWKS', () => {
  it('publishes the public Ed25519 key under its RFC 7638 thumbprint, and never the private part', async () => {
    const response = await fetch(`${s.base}/.well-known/jwks.json`);
    expect(response.headers.get('content-type')).toContain('application/jwk-set+json');
    const body = (await response.json()) as { keys: Record<string, string>[] };
    expect(body.keys).toHaveLength(1);
    const [key] = body.keys;
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(key).not.toHaveProperty('d');
    expect(key.kid).toBe(await calculateJwkThumbprint({ kty: key.kty, crv: key.crv, x: key.x }, 'sha256'));
  });

  it('publishes the same key in a did:web document', async () => {
    const did = (await (await fetch(`${s.base}/.well-known/did.json`)).json()) as any;
    const jwks = s.service.jwks();
    expect(did.id).toBe(`did:web:127.0.0.1%3A${new URL(s.base).port}`);
    expect(did.verificationMethod[0]).toMatchObject({ id: `${did.id}#${jwks.keys[0].kid}`, controller: did.id, publicKeyJwk: { x: jwks.keys[0].x } });
    expect(did.assertionMethod).toEqual([did.verificationMethod[0].id]);
  });
});

describe('Open Badges 3.0 credential (VC-JWT)', () => {
  it('verifies against the published key and carries the OB 3.0 / VC 2.0 shape', async () => {
    const doc = s.add(fixture());
    const jwt = await s.service.credentialFor(doc);
    const { payload, protectedHeader } = await verify(jwt);
    expect(protectedHeader).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: s.service.jwks().keys[0].kid });

    const vc = payload as any;
    expect(vc['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.id).toBe(`${s.base}/certificates/${doc.verificationCode}`);
    expect(vc.issuer).toEqual({ id: `${s.base}/issuers/BPSDM-JATIM`, type: ['Profile'], name: 'BPSDM Provinsi Jawa Timur' });
    expect(vc.validFrom).toBe('2024-10-25T03:00:00.000Z');
    expect({ iss: vc.iss, jti: vc.jti, nbf: vc.nbf }).toEqual({ iss: vc.issuer.id, jti: vc.id, nbf: Date.parse(vc.validFrom) / 1000 });

    const subject = vc.credentialSubject;
    expect(subject.type).toEqual(['AchievementSubject']);
    expect(subject.achievement).toMatchObject({
      type: ['Achievement'],
      name: doc.title,
      achievementType: 'CertificateOfCompletion',
      creditsAvailable: 2,
      criteria: { narrative: expect.stringContaining('Webinar seri 41') },
    });
    expect(subject.achievement.alignment.map((a: any) => [a.targetCode, a.targetName])).toEqual([
      ['MK-KOLAB', 'Kolaborasi'],
      ['TK-KEMISKINAN', 'Penanggulangan Kemiskinan'],
    ]);
    expect(vc.credentialStatus).toEqual({
      id: `${s.base}/credentials/status/1#41`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '41',
      statusListCredential: `${s.base}/credentials/status/1`,
    });
  });

  it('names the learner, and proves NIP and e-mail only by salted hash', async () => {
    const doc = s.add(fixture());
    const jwt = await s.service.credentialFor(doc);
    const decoded = JSON.stringify(decodeJwt(jwt));
    expect(decoded).not.toContain(doc.holder.nip);
    expect(decoded.toLowerCase()).not.toContain(doc.holder.email!.toLowerCase());

    const ids = (decodeJwt(jwt) as any).credentialSubject.identifier as any[];
    expect(ids.find((i) => i.identityType === 'name')).toMatchObject({ hashed: false, identityHash: 'Siti Rahmawati' });
    const sha = (v: string) => `sha256$${createHash('sha256').update(v).digest('hex')}`;
    const nip = ids.find((i) => i.identityType === 'ext:NIP');
    expect(nip.hashed).toBe(true);
    expect(nip.identityHash).toBe(sha(doc.holder.nip! + nip.salt));
    const email = ids.find((i) => i.identityType === 'emailAddress');
    expect(email.identityHash).toBe(sha('siti.rahmawati@example.go.id' + email.salt));

    const other = s.add(fixture());
    const otherNip = ((decodeJwt(await s.service.credentialFor(other)) as any).credentialSubject.identifier as any[]).find((i) => i.identityType === 'ext:NIP');
    expect(otherNip.salt).not.toBe(nip.salt);
  });

  it('fails verification after a change to its claims', async () => {
    const jwt = await s.service.credentialFor(s.add(fixture()));
    const [header, payload, signature] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    claims.credentialSubject.achievement.creditsAvailable = 20;
    const forged = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    await expect(verify(forged)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  describe('any changed payload byte', () => {
    let jwt: string;
    beforeAll(async () => {
      jwt = await s.service.credentialFor(s.add(fixture()));
    });
    propTest.prop([fc.nat(), fc.integer({ min: 1, max: 255 })], { numRuns: 40 })('makes verification fail', async (at, flip) => {
      const [header, payload, signature] = jwt.split('.');
      const bytes = Buffer.from(payload, 'base64url');
      bytes[at % bytes.length] ^= flip;
      await expect(verify([header, bytes.toString('base64url'), signature].join('.'))).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    });
  });

  it('is not accepted under another key', async () => {
    const other = await startCredentialServer();
    try {
      const jwt = await other.service.credentialFor(fixture());
      await expect(verify(jwt)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
    } finally {
      await other.close();
    }
  });
});

describe('revocation status list', () => {
  const fetchStatusList = async (url: string) => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const { payload } = await verify(await response.text());
    return payload as any;
  };

  it('flips the certificate bit in the served, signed status list when the certificate is revoked', async () => {
    const doc = s.add(fixture({ certificateId: STATUS_LIST_BITS + 777 }));
    const { credentialStatus } = decodeJwt(await s.service.credentialFor(doc)) as any;
    expect(credentialStatus.statusListCredential).toBe(`${s.base}/credentials/status/2`);
    const index = Number(credentialStatus.statusListIndex);
    expect(index).toBe(777);

    const before = await fetchStatusList(credentialStatus.statusListCredential);
    expect(before.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    expect(before.id).toBe(credentialStatus.statusListCredential);
    expect(before.credentialSubject).toMatchObject({ type: 'BitstringStatusList', statusPurpose: 'revocation' });
    const bitsBefore = decodeBitstring(before.credentialSubject.encodedList);
    expect(bitsBefore.length * 8).toBeGreaterThanOrEqual(STATUS_LIST_BITS);
    expect(getBit(bitsBefore, index)).toBe(false);

    s.revoke(doc, 'Data kehadiran terbukti tidak sah');
    const after = await fetchStatusList(credentialStatus.statusListCredential);
    const bitsAfter = decodeBitstring(after.credentialSubject.encodedList);
    expect(getBit(bitsAfter, index)).toBe(true);
    expect(bitsAfter.reduce((n, byte) => n + (byte ? 1 : 0), 0)).toBe(1);

    // List 1 is untouched by a revocation that falls in list 2.
    const first = await fetchStatusList(`${s.base}/credentials/status/1`);
    expect(decodeBitstring(first.credentialSubject.encodedList).every((byte) => byte === 0)).toBe(true);
  });

  it('answers 404 for a list number that is not one, or for a list no issued certificate falls in', async () => {
    s.add(fixture({ certificateId: STATUS_LIST_BITS + 5 }));
    expect((await fetch(`${s.base}/credentials/status/2`)).status).toBe(200);
    for (const list of ['0', 'abc', '-1', '3', '1000000', '99999999']) {
      expect((await fetch(`${s.base}/credentials/status/${list}`)).status, list).toBe(404);
    }
  });
});

describe('status list signing', () => {
  // Each signing reads a clock one hour on: a list signed twice would differ in validFrom.
  let clock = Date.parse('2025-01-01T00:00:00Z');
  let c: CredentialServer;
  beforeAll(async () => {
    c = await startCredentialServer({}, { now: () => new Date((clock += 3_600_000)) });
  });
  afterAll(() => c.close());

  const list = async (n: number) => {
    const response = await fetch(`${c.base}/credentials/status/${n}`);
    expect(response.status).toBe(200);
    return response.text();
  };
  const revokedBit = (jwt: string, index: number) => getBit(decodeBitstring((decodeJwt(jwt) as any).credentialSubject.encodedList), index);

  it('signs a list once and serves it until the next revocation, which it then shows', async () => {
    const doc = c.add(fixture({ certificateId: 7 }));
    const other = c.add(fixture({ certificateId: STATUS_LIST_BITS + 3 }));
    const [first, again, concurrent] = await Promise.all([list(1), list(1), list(1)]);
    expect(again).toBe(first);
    expect(concurrent).toBe(first);
    expect(await list(1)).toBe(first);
    const secondList = await list(2);
    expect(secondList).not.toBe(first);
    expect(await list(2)).toBe(secondList);

    c.revoke(doc, 'Data kehadiran terbukti tidak sah');
    const afterRevocation = await list(1);
    expect(afterRevocation).not.toBe(first);
    expect(revokedBit(first, 7)).toBe(false);
    expect(revokedBit(afterRevocation, 7)).toBe(true);
    expect(await list(1)).toBe(afterRevocation);
    expect(revokedBit(await list(2), 3)).toBe(false);

    c.revoke(other, 'Duplikat');
    expect(revokedBit(await list(2), 3)).toBe(true);
    const { payload } = await jwtVerify(afterRevocation, createLocalJWKSet(c.service.jwks()), { algorithms: ['EdDSA'] });
    expect(payload).toMatchObject({ id: `${c.base}/credentials/status/1` });
  });
});
