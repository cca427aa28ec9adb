import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBitstring, getBit } from '../../../src/modules/credentials/status-list';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { sqlRow, sqlRows } from '../../support/sql';

/** The demo data: session 41 and the academy cohort, with certificates issued. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ SEED_DEMO: 'true' });
});
afterAll(() => t.close());

/** A URL the application minted (under PUBLIC_BASE_URL), fetched from the running test server. */
const local = (url: string) => `${new URL(t.url).origin}${new URL(url).pathname}`;
const get = (url: string, accept?: string) => fetch(local(url), { headers: accept ? { accept } : {} });

const certificates = () => sqlRows<{ number: string; code: string }>(t.app.db, "SELECT number, verification_code AS code FROM certificates WHERE status = 'VALID' ORDER BY id");

async function credentialOf(number: string): Promise<any> {
  const jwt = dataOf(await t.gql('query($n: String!) { certificate(number: $n) { credential } }', { n: number })).certificate.credential;
  return decodeJwt(jwt);
}

const revoke = async (number: string) =>
  expect(dataOf(await t.gql(op('RevokeCertificate'), { input: { number, reason: 'Kehadiran tidak sah' } })).revokeCertificate.userErrors).toEqual([]);

describe('status list and PDF of issued certificates', () => {
  it('serve the revocation at once, though signed lists and rendered PDFs are kept', async () => {
    const [cert] = await certificates();
    const vc = await credentialOf(cert.number);
    const { statusListCredential, statusListIndex } = vc.credentialStatus;
    const statusList = async () => {
      const response = await get(statusListCredential);
      expect(response.status).toBe(200);
      const jwt = await response.text();
      return { jwt, revoked: getBit(decodeBitstring((decodeJwt(jwt) as any).credentialSubject.encodedList), Number(statusListIndex)) };
    };
    const pdf = async () => Buffer.from(await (await get(`${vc.id}.pdf`)).arrayBuffer());

    const before = await statusList();
    expect(before.revoked).toBe(false);
    expect((await statusList()).jwt).toBe(before.jwt);
    const validPdf = await pdf();
    expect((await pdf()).equals(validPdf)).toBe(true);

    await revoke(cert.number);
    const after = await statusList();
    expect(after.revoked).toBe(true);
    expect(after.jwt).not.toBe(before.jwt);
    const revokedPdf = await pdf();
    expect(revokedPdf.equals(validPdf)).toBe(false);
    expect((await pdf()).equals(revokedPdf)).toBe(true);
  });

  it('serve only the status lists that hold an issued certificate', async () => {
    const list = (n: number) => get(`${t.app.config.publicBaseUrl}/credentials/status/${n}`);
    expect((await list(1)).status).toBe(200);
    expect((await list(2)).status).toBe(404);
    expect((await list(1_000_000)).status).toBe(404);
  });
});

describe('what a credential names', () => {
  const context = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];
  const json = async (url: string, accept = 'application/ld+json') => {
    const response = await get(url, accept);
    expect(response.status, url).toBe(200);
    expect(response.headers.get('content-type')).toBe(`${accept}; charset=utf-8`);
    expect(response.headers.get('vary')).toMatch(/accept/i);
    return (await response.json()) as any;
  };
  const page = async (url: string) => {
    const response = await get(url, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(response.status, url).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).not.toMatch(/<script/i);
    return html;
  };
  const issued = async (subjectType: string) =>
    (await sqlRow<{ number: string }>(t.app.db, 'SELECT number FROM certificates WHERE subject_type = ? ORDER BY id DESC LIMIT 1', subjectType))!;

  for (const subjectType of ['SESSION', 'COHORT']) {
    it(`answers every URL in a ${subjectType.toLowerCase()} certificate's credential with the document of that id`, async () => {
      const vc = await credentialOf((await issued(subjectType)).number);
      const achievement = vc.credentialSubject.achievement;
      expect(achievement.alignment.length).toBeGreaterThan(0);

      const profile = await json(vc.issuer.id);
      expect(profile).toMatchObject({ '@context': context, id: vc.issuer.id, type: ['Profile'], name: vc.issuer.name });
      expect(await json(achievement.creator.id, 'application/json')).toEqual(profile);
      expect(await page(vc.issuer.id)).toContain(`<h1>${vc.issuer.name}</h1>`);

      // The served achievement is the one the credential embeds, with its own context.
      expect(await json(achievement.id)).toEqual({ '@context': context, ...achievement });
      const achievementHtml = await page(achievement.id);
      expect(achievementHtml).toContain(vc.issuer.name);
      for (const alignment of achievement.alignment) {
        expect(achievementHtml).toContain(`href="${alignment.targetUrl}"`);
        const competency = await json(alignment.targetUrl);
        expect(competency).toMatchObject({ '@context': context, id: alignment.targetUrl, type: ['Achievement'], achievementType: 'Competency', name: alignment.targetName });
        expect(competency.description).toEqual(expect.any(String));
        expect(competency.criteria.narrative).toEqual(expect.any(String));
        expect(await page(alignment.targetUrl)).toContain(alignment.targetCode);
      }
    });
  }

  it('answers 404 for codes and achievements nobody was certified by', async () => {
    const vc = await credentialOf((await issued('SESSION')).number);
    const { achievement } = vc.credentialSubject;
    const base = t.app.config.publicBaseUrl;
    const otherIssuer = vc.issuer.id.replace(/BPSDM-JATIM$/, 'KAB-PROBOLINGGO');
    expect(otherIssuer).not.toBe(vc.issuer.id);
    for (const url of [
      `${base}/issuers/NOBODY`,
      vc.issuer.id.toLowerCase(),
      achievement.id.replace(/session-\d+$/, 'session-999999'),
      achievement.id.replace(/session-\d+$/, 'cohort-1'),
      achievement.id.replace(/session-\d+$/, 'abc'),
      achievement.id.replace(vc.issuer.id, otherIssuer),
      `${base}/competencies/NO-SUCH-COMPETENCY`,
    ]) {
      const response = await get(url, 'application/ld+json');
      expect(response.status, url).toBe(404);
      expect((await get(url, 'text/html')).status, url).toBe(404);
    }
    // That issuer exists; it just did not certify this session.
    expect((await get(otherIssuer, 'application/json')).status).toBe(200);
  });
});
