import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeQr, readPdf, type PdfPage } from '../../support/pdf';
import { fixture, startCredentialServer, type CredentialServer } from './credential-server';

let s: CredentialServer;
beforeAll(async () => {
  s = await startCredentialServer();
});
afterAll(() => s.close());

async function downloadPdf(url: string): Promise<PdfPage[]> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  return readPdf(bytes);
}

describe('certificate PDF', () => {
  it('is a one-page A4 landscape PDF whose QR code reads back as the verification URL', async () => {
    const doc = s.add(fixture({ holder: { name: 'Dr. Ni Luh Putu Ayu Wédari, S.Sos.', nip: '198703152010012003', email: null } }));
    const pages = await downloadPdf(s.service.pdfUrl(doc.verificationCode));

    expect(pages).toHaveLength(1);
    const [page] = pages;
    // A4 landscape: 297 × 210 mm = 841.89 × 595.28 pt.
    expect(page.width).toBeCloseTo(841.89, 2);
    expect(page.height).toBeCloseTo(595.28, 2);

    expect(decodeQr(page.images)).toBe(s.service.verificationUrl(doc.verificationCode));

    const text = page.text;
    for (const expected of [
      'SERTIFIKAT',
      'diberikan kepada',
      'Dr. Ni Luh Putu Ayu Wédari, S.Sos.',
      'NIP **************2003',
      'BPSDM Provinsi Jawa Timur',
      'BPSDM-JATIM/MITK-41/2024/000123',
      'Menuju Indonesia Tanpa Kemiskinan',
      'Webinar seri 41',
      '24 Oktober 2024',
      '2 JP',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('DICABUT');
    expect(text.replace(/\s/g, '')).not.toContain('198703152010012003');
  });

  it('says plainly that a revoked certificate is revoked, and why', async () => {
    const doc = s.add(fixture());
    s.revoke(doc, 'Data kehadiran terbukti tidak sah');
    const [page, ...more] = await downloadPdf(s.service.pdfUrl(doc.verificationCode));
    expect(more).toHaveLength(0);
    const text = page.text;
    expect(text).toContain('SERTIFIKAT INI DICABUT pada 10 Januari 2025');
    expect(text).toContain('Alasan: Data kehadiran terbukti tidak sah');
    expect(decodeQr(page.images)).toBe(s.service.verificationUrl(doc.verificationCode));
  });

  it('keeps a revoked certificate readable with a signatory: the banner, the signatory, NIPs masked', async () => {
    const signatory = { name: 'Dr. Aris Mukiyono, M.T.', position: 'Kepala BPSDM Provinsi Jawa Timur', nip: '196905121995031004', revision: 1, logo: null };
    const doc = s.add(fixture({ signatory }));
    s.revoke(doc, 'Data kehadiran terbukti tidak sah');
    const [page] = await downloadPdf(s.service.pdfUrl(doc.verificationCode));
    for (const expected of ['SERTIFIKAT INI DICABUT', signatory.name, signatory.position, 'NIP **************1004', 'NIP **************2003']) {
      expect(page.text).toContain(expected);
    }
    const compact = page.text.replace(/\s/g, '');
    for (const nip of [signatory.nip, '198703152010012003']) expect(compact).not.toContain(nip);
    expect(decodeQr(page.images)).toBe(s.service.verificationUrl(doc.verificationCode));
  });

  it('answers 404 for an unknown code', async () => {
    const response = await fetch(s.service.pdfUrl('AAAAAAAAAAAAAAAAAAAAAA'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
  });
});
