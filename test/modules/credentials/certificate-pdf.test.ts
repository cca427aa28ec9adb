import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, startCredentialServer, type CredentialServer } from './credential-server';

// Needs poppler-utils (pdfinfo, pdftoppm, pdftotext); .ci/run installs it.
let s: CredentialServer;
const dir = mkdtempSync(join(tmpdir(), 'bangkom-pdf-'));
beforeAll(async () => {
  s = await startCredentialServer();
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function downloadPdf(url: string, name: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const bytes = Buffer.from(await response.arrayBuffer());
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, bytes);
  return path;
}

const run = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });

function decodeQr(pdf: string): string | null {
  run('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', pdf, pdf]);
  const png = PNG.sync.read(readFileSync(`${pdf}.png`));
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data ?? null;
}

describe('certificate PDF', () => {
  it('is a one-page A4 landscape PDF whose QR code reads back as the verification URL', async () => {
    const doc = s.add(fixture({ holder: { name: 'Dr. Ni Luh Putu Ayu Wédari, S.Sos.', nip: '198703152010012003', email: null } }));
    const pdf = await downloadPdf(s.service.pdfUrl(doc.verificationCode), 'valid');

    const info = run('pdfinfo', [pdf]);
    expect(info).toMatch(/Pages:\s+1\b/);
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);

    expect(decodeQr(pdf)).toBe(s.service.verificationUrl(doc.verificationCode));

    const text = run('pdftotext', ['-layout', pdf, '-']);
    for (const expected of [
      'SERTIFIKAT',
      'diberikan kepada',
      'Dr. Ni Luh Putu Ayu Wédari, S.Sos.',
      'NIP 198703152010012003',
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
  });

  it('says plainly that a revoked certificate is revoked, and why', async () => {
    const doc = s.add(fixture());
    s.revoke(doc, 'Data kehadiran terbukti tidak sah');
    const pdf = await downloadPdf(s.service.pdfUrl(doc.verificationCode), 'revoked');
    const text = run('pdftotext', ['-layout', pdf, '-']);
    expect(text).toContain('SERTIFIKAT INI DICABUT pada 10 Januari 2025');
    expect(text).toContain('Alasan: Data kehadiran terbukti tidak sah');
    expect(decodeQr(pdf)).toBe(s.service.verificationUrl(doc.verificationCode));
  });

  it('answers 404 for an unknown code', async () => {
    const response = await fetch(s.service.pdfUrl('AAAAAAAAAAAAAAAAAAAAAA'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
  });
});
