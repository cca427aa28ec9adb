import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, startCredentialServer, type CredentialServer } from './credential-server';

let s: CredentialServer;
beforeAll(async () => {
  s = await startCredentialServer();
});
afterAll(() => s.close());

const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, body: await response.text() };
};

describe('verification page', () => {
  it('says a valid certificate is valid and shows what a reader needs, with at most 4 NIP digits', async () => {
    const doc = s.add(fixture());
    const page = await get(s.service.verificationUrl(doc.verificationCode));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<html lang="id">');
    expect(page.body).toContain('Sertifikat SAH / valid');
    for (const shown of ['BPSDM-JATIM/MITK-41/2024/000123', 'Siti Rahmawati', '**************2003', 'Menuju Indonesia Tanpa Kemiskinan: Kolaborasi untuk Perubahan', '2 JP', 'BPSDM Provinsi Jawa Timur', '24 Oktober 2024', '25 Oktober 2024']) {
      expect(page.body).toContain(shown);
    }
    expect(page.body).not.toContain(doc.holder.nip);
    expect(page.body).not.toContain(doc.holder.email);
    expect(page.body).toContain(`href="${s.service.pdfUrl(doc.verificationCode)}"`);
    expect(page.body).not.toMatch(/<script/i);
  });

  it('sends a Content-Security-Policy that allows no script', async () => {
    const doc = s.add(fixture());
    const csp = (await get(s.service.verificationUrl(doc.verificationCode))).headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline|unsafe-eval/);
  });

  it('says a revoked certificate is revoked, when and why', async () => {
    const doc = s.add(fixture());
    s.revoke(doc, 'Nilai evaluasi dibatalkan');
    const page = await get(s.service.verificationUrl(doc.verificationCode));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Sertifikat DICABUT');
    expect(page.body).toContain('dicabut pada 10 Januari 2025');
    expect(page.body).toContain('Alasan: Nilai evaluasi dibatalkan');
    expect(page.body).not.toContain('SAH');
  });

  it('escapes every value it shows', async () => {
    const doc = s.add(fixture({ holder: { name: '<img src=x onerror=alert(1)>', nip: null, email: null }, title: `"Judul" & 'kutip'`, number: 'A</dd><script>x</script>' }));
    const page = await get(s.service.verificationUrl(doc.verificationCode));
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).toContain('&quot;Judul&quot; &amp; &#39;kutip&#39;');
    expect(page.body).toContain('A&lt;/dd&gt;&lt;script&gt;x&lt;/script&gt;');
    expect(page.body).not.toMatch(/<img|<script/i);
    expect(page.body).not.toContain('<dt>NIP</dt>');
  });

  it('answers 404 "tidak ditemukan" for unknown or malformed codes', async () => {
    for (const code of ['AAAAAAAAAAAAAAAAAAAAAA', 'short', '%3Cscript%3E']) {
      const page = await get(`${s.base}/certificates/${code}`);
      expect(page.status).toBe(404);
      expect(page.body).toContain('Sertifikat tidak ditemukan');
      expect(page.body).not.toContain('script');
    }
  });
});
