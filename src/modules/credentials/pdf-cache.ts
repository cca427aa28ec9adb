import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { CertificateDocument } from './certificate-document';

/**
 * One version of a certificate: everything the PDF shows comes from the
 * document, so a revocation (status, date, reason), a corrected name or a
 * new signatory is a new version and the old PDF is never served for it.
 * The logo's bytes are left out: the signatory's revision changes with them.
 */
export const pdfVersionKey = (doc: CertificateDocument) =>
  `${doc.certificateId}:${createHash('sha256')
    .update(JSON.stringify(doc, (key, value) => (key === 'logo' && value ? value.type : value)))
    .digest('base64url')}`;

/** Rendered PDFs, at most `maxBytes` in all, the least recently used dropped first. */
export class PdfCache {
  private readonly pdfs: LRUCache<string, Buffer, () => Promise<Buffer>>;

  constructor(maxBytes: number) {
    this.pdfs = new LRUCache({
      maxSize: maxBytes,
      sizeCalculation: (pdf) => pdf.length,
      // Concurrent requests for one version wait for the same rendering.
      fetchMethod: (_key, _stale, { context }) => context(),
    });
  }

  /** The PDF of this version of the certificate, rendered on its first request. */
  async get(doc: CertificateDocument, render: () => Promise<Buffer>): Promise<Buffer> {
    return (await this.pdfs.fetch(pdfVersionKey(doc), { context: render })) ?? render();
  }

  get bytes(): number {
    return this.pdfs.calculatedSize;
  }
}
