import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LOGO_BYTES } from '../../../src/modules/credentials/signatory-logo';
import { readPdf } from '../../support/pdf';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { sqlRow } from '../../support/sql';

/** The demo data: BPSDM-JATIM issued session 41's certificates. */
let t: TestApp;
let bpsdmAdmin: string;
beforeAll(async () => {
  t = await startTestApp({ SEED_DEMO: 'true' });
  bpsdmAdmin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'BPSDM-JATIM' });
});
afterAll(() => t.close());

const SIGNATORY_NIP = '196905121995031004';
const MASKED_SIGNATORY_NIP = '**************1004';
const SET = `mutation($input: SetCertificateSignatoryInput!) {
  setCertificateSignatory(input: $input) { signatory { name position maskedNip hasLogo revision } userErrors { field code message } }
}`;
const base = { institutionCode: 'BPSDM-JATIM', name: 'Dr. Aris Mukiyono, M.T.', position: 'Kepala BPSDM Provinsi Jawa Timur', nip: SIGNATORY_NIP };
const set = async (input: object, token = bpsdmAdmin) => t.gql(SET, { input: { ...base, ...input } }, token);
const setOk = async (input: object, token = bpsdmAdmin) => {
  const answer = dataOf(await set(input, token)).setCertificateSignatory;
  expect(answer.userErrors).toEqual([]);
  return answer.signatory;
};

function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const image = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) image.data.set([...rgb, 255], i * 4);
  return PNG.sync.write(image);
}
/** A 1×1 grey baseline JPEG, by hand: SOI, DQT, SOF0, one-code DC and AC tables, SOS, one all-zero block, EOI. */
const JPEG = Buffer.from(
  '/9j/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAAP/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AP//Z',
  'base64',
);

const certificate = async () =>
  (await sqlRow<{ code: string; nip: string }>(
    t.app.db,
    `SELECT c.verification_code AS code, l.nip FROM certificates c JOIN learners l ON l.id = c.learner_id
       JOIN institutions i ON i.id = c.issuer_id WHERE i.code = 'BPSDM-JATIM' AND l.nip IS NOT NULL ORDER BY c.id LIMIT 1`,
  ))!;
const origin = () => new URL(t.url).origin;
const page = async (code: string) => {
  const response = await fetch(`${origin()}/certificates/${code}`);
  expect(response.status).toBe(200);
  return response.text();
};
const pdfBytes = async (code: string) => {
  const response = await fetch(`${origin()}/certificates/${code}.pdf`);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
};
const revision = async () =>
  (await sqlRow<{ revision: number }>(t.app.db, "SELECT s.revision FROM certificate_signatories s JOIN institutions i ON i.id = s.institution_id WHERE i.code = 'BPSDM-JATIM'"))?.revision ?? 0;

describe('the signatory on the certificate document', () => {
  it('appears on the page and the PDF with name, position, masked NIP and logo; no full NIP anywhere', async () => {
    const { code, nip: holderNip } = await certificate();
    const unsigned = await pdfBytes(code);
    const logo = png(48, 24, [200, 30, 40]);
    const signatory = await setOk({ logo: logo.toString('base64') });
    expect(signatory).toEqual({ name: base.name, position: base.position, maskedNip: MASKED_SIGNATORY_NIP, hasLogo: true, revision: 1 });

    const html = await page(code);
    for (const shown of [base.name, base.position, MASKED_SIGNATORY_NIP, `**************${holderNip.slice(-4)}`, 'src="data:image/png;base64,']) expect(html).toContain(shown);
    for (const hidden of [SIGNATORY_NIP, holderNip]) expect(html).not.toContain(hidden);

    const signed = await pdfBytes(code);
    expect(signed.equals(unsigned)).toBe(false);
    const [sheet] = await readPdf(signed);
    for (const shown of [base.name, base.position, `NIP ${MASKED_SIGNATORY_NIP}`, `NIP **************${holderNip.slice(-4)}`]) expect(sheet.text).toContain(shown);
    const compact = sheet.text.replace(/\s/g, '');
    for (const hidden of [SIGNATORY_NIP, holderNip]) expect(compact).not.toContain(hidden);
    // The QR code and the logo, drawn at the logo's own pixels in its colour.
    const drawn = sheet.images.find((i) => i.width === 48 && i.height === 24);
    expect(drawn && [...drawn.data.subarray(0, 3)]).toEqual([200, 30, 40]);

    const audit = dataOf(await t.gql('{ auditLog(first: 5, filter: { action: "setCertificateSignatory" }) { edges { node { summary } } } }'));
    const summaries = audit.auditLog.edges.map((e: any) => e.node.summary);
    expect(summaries.join()).toContain(base.name);
    expect(summaries.join()).not.toContain(SIGNATORY_NIP);
  });

  it('is a new PDF version when it changes, and the same one when set to the same values', async () => {
    const { code } = await certificate();
    await setOk({ logo: null });
    const first = await pdfBytes(code);
    expect((await pdfBytes(code)).equals(first)).toBe(true);
    const before = await revision();

    expect((await setOk({ logo: null })).revision).toBe(before);
    expect((await pdfBytes(code)).equals(first)).toBe(true);

    expect((await setOk({ position: 'Plt. Kepala BPSDM Provinsi Jawa Timur' })).revision).toBe(before + 1);
    const second = await pdfBytes(code);
    expect(second.equals(first)).toBe(false);
    expect((await readPdf(second))[0].text).toContain('Plt. Kepala BPSDM Provinsi Jawa Timur');

    // A new logo alone is a new version too.
    await setOk({ position: 'Plt. Kepala BPSDM Provinsi Jawa Timur', logo: png(8, 8, [0, 0, 255]).toString('base64') });
    const third = await pdfBytes(code);
    expect(third.equals(second)).toBe(false);
    await setOk({ position: 'Plt. Kepala BPSDM Provinsi Jawa Timur', logo: png(8, 8, [0, 255, 0]).toString('base64') });
    expect((await pdfBytes(code)).equals(third)).toBe(false);
  });

  it('takes a JPEG logo as it is', async () => {
    const { code } = await certificate();
    expect((await setOk({ logo: JPEG.toString('base64') })).hasLogo).toBe(true);
    expect(await page(code)).toContain(`src="data:image/jpeg;base64,${JPEG.toString('base64')}"`);
    expect((await readPdf(await pdfBytes(code)))[0].text).toContain(base.name);
  });

  it('refuses logos that are not bounded PNG or JPEG images, and bad NIPs, writing nothing', async () => {
    const before = await revision();
    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(64)]);
    const fakePng = Buffer.concat([png(2, 2, [0, 0, 0]).subarray(0, 40), Buffer.alloc(64, 7)]);
    const header = png(1, 1, [0, 0, 0]);
    const huge = Buffer.from(header);
    huge.writeUInt32BE(100_000, 16); // IHDR width
    const cases: [object, string[], string][] = [
      [{ logo: gif.toString('base64') }, ['logo'], 'INVALID'],
      [{ logo: 'not base64!' }, ['logo'], 'INVALID'],
      [{ logo: fakePng.toString('base64') }, ['logo'], 'INVALID'],
      [{ logo: huge.toString('base64') }, ['logo'], 'INVALID'],
      [{ logo: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(32)]).toString('base64') }, ['logo'], 'INVALID'],
      [{ logo: Buffer.concat([header, Buffer.alloc(MAX_LOGO_BYTES)]).toString('base64') }, ['logo'], 'INVALID'],
      [{ nip: '1969051219950310' }, ['nip'], 'INVALID_NIP'],
      [{ name: '  ' }, ['name'], 'REQUIRED'],
      [{ expectedRevision: before + 5 }, ['expectedRevision'], 'REVISION_CONFLICT'],
    ];
    for (const [input, field, code] of cases) {
      const answer = dataOf(await set(input)).setCertificateSignatory;
      expect(answer.signatory, JSON.stringify(input).slice(0, 80)).toBeNull();
      expect(answer.userErrors.map((e: any) => [e.field, e.code])).toEqual([[field, code]]);
    }
    expect(await revision()).toBe(before);
    expect((await setOk({ position: 'Kepala BPSDM', expectedRevision: before })).revision).toBe(before + 1);
  });

  it("is for the issuer's admins and those above it; others are refused outright", async () => {
    const parent = await t.token('INSTITUTION_ADMIN', { institutionCode: 'PEMPROV-JATIM' });
    expect((await setOk({ position: 'Kepala BPSDM (oleh provinsi)' }, parent)).position).toBe('Kepala BPSDM (oleh provinsi)');
    for (const token of [
      await t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB-PROBOLINGGO' }),
      await t.token('INSTITUTION_ADMIN', { institutionCode: 'KOTA-KUPANG' }),
      await t.token('SYNC_CLIENT', { institutionCode: 'BPSDM-JATIM' }),
    ]) {
      const refused = await set({ name: 'Penyusup' }, token);
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      // A code that names nothing answers the same.
      expect((await set({ institutionCode: 'NO-SUCH-PLACE' }, token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const missing = dataOf(await set({ institutionCode: 'NO-SUCH-PLACE' }, t.adminToken)).setCertificateSignatory;
    expect(missing.userErrors.map((e: any) => e.code)).toEqual(['NOT_FOUND']);
    const read = dataOf(await t.gql('{ institution(code: "BPSDM-JATIM") { certificateSignatory { name maskedNip } } }', {}, bpsdmAdmin));
    expect(read.institution.certificateSignatory).toEqual({ name: base.name, maskedNip: MASKED_SIGNATORY_NIP });
  });
});
