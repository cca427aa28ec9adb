import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateDocument } from '../../../src/modules/credentials/certificate-document';
import { renderCertificatePdf } from '../../../src/modules/credentials/certificate-pdf';
import { PdfCache } from '../../../src/modules/credentials/pdf-cache';
import { fixture, startCredentialServer, type CredentialServer } from './credential-server';

const rendered: string[] = [];
let s: CredentialServer;
beforeAll(async () => {
  s = await startCredentialServer({}, {
    renderPdf: (doc, url) => {
      rendered.push(doc.verificationCode);
      return renderCertificatePdf(doc, url);
    },
  });
});
afterAll(() => s.close());

const download = async (doc: CertificateDocument) => {
  const response = await fetch(s.service.pdfUrl(doc.verificationCode));
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
};
const rendersOf = (doc: CertificateDocument) => rendered.filter((code) => code === doc.verificationCode).length;

describe('certificate PDF over HTTP', () => {
  it('is rendered once per certificate version, concurrent requests included', async () => {
    const doc = s.add(fixture());
    const [first, ...concurrent] = await Promise.all([download(doc), download(doc), download(doc)]);
    const again = await download(doc);
    expect(rendersOf(doc)).toBe(1);
    for (const pdf of [...concurrent, again]) expect(pdf.equals(first)).toBe(true);
  });

  it('is rendered again after a revocation, and shows it', async () => {
    const doc = s.add(fixture());
    const valid = await download(doc);
    s.revoke(doc, 'Data kehadiran terbukti tidak sah');
    const revoked = await download(doc);
    expect(rendersOf(doc)).toBe(2);
    expect(revoked.equals(valid)).toBe(false);
    expect((await download(doc)).equals(revoked)).toBe(true);
    expect(rendersOf(doc)).toBe(2);
  });

  it('keeps each certificate apart', async () => {
    const a = s.add(fixture());
    const b = s.add(fixture());
    const [pdfA, pdfB] = await Promise.all([download(a), download(b)]);
    expect(pdfA.equals(pdfB)).toBe(false);
    expect([rendersOf(a), rendersOf(b)]).toEqual([1, 1]);
  });
});

describe('PdfCache', () => {
  it('holds at most its byte budget, dropping the least recently used', async () => {
    const cache = new PdfCache(1000);
    const renders: number[] = [];
    const get = (doc: CertificateDocument) =>
      cache.get(doc, async () => {
        renders.push(doc.certificateId);
        return Buffer.alloc(400, doc.certificateId);
      });
    const [a, b, c] = [1, 2, 3].map((certificateId) => fixture({ certificateId }));
    await get(a);
    await get(b);
    await get(a); // a is now the most recently used
    await get(c); // 1200 bytes > 1000: b goes
    expect(cache.bytes).toBeLessThanOrEqual(1000);
    await get(a);
    await get(b);
    expect(renders).toEqual([1, 2, 3, 2]);
  });

  it('does not keep a failed rendering', async () => {
    const cache = new PdfCache(1000);
    const doc = fixture();
    await expect(cache.get(doc, () => Promise.reject(new Error('font missing')))).rejects.toThrow('font missing');
    expect((await cache.get(doc, async () => Buffer.from('%PDF-'))).toString()).toBe('%PDF-');
  });
});
