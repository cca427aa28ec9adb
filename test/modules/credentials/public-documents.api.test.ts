import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBitstring, getBit } from '../../../src/modules/credentials/status-list';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';

/** The demo data: session 41 and the academy cohort, with certificates issued. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ SEED_DEMO: 'true' });
});
afterAll(() => t.close());

/** A URL the application minted (under PUBLIC_BASE_URL), fetched from the running test server. */
const local = (url: string) => `${new URL(t.url).origin}${new URL(url).pathname}`;
const get = (url: string, accept?: string) => fetch(local(url), { headers: accept ? { accept } : {} });

const certificates = () =>
  t.app.db.readRaw.prepare("SELECT number, verification_code AS code FROM certificates WHERE status = 'VALID' ORDER BY id").all() as { number: string; code: string }[];

async function credentialOf(number: string): Promise<any> {
  const jwt = dataOf(await t.gql('query($n: String!) { certificate(number: $n) { credential } }', { n: number })).certificate.credential;
  return decodeJwt(jwt);
}

const revoke = async (number: string) =>
  expect(dataOf(await t.gql(op('RevokeCertificate'), { input: { number, reason: 'Kehadiran tidak sah' } })).revokeCertificate.userErrors).toEqual([]);

describe('status list and PDF of issued certificates', () => {
  it('serve the revocation at once, though signed lists and rendered PDFs are kept', async () => {
    const [cert] = certificates();
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
