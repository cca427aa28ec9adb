import { createHash } from 'node:crypto';
import { maskNip } from '../learners/nip';
import { forDisplay, type CertificateDocument } from './certificate-document';
import { esc } from './html';
import { formatDateId, formatInstantId } from './indonesian-date';

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;background:#f3f4f6;color:#1f2937}
main{max-width:40rem;margin:2rem auto;background:#fff;border-radius:.5rem;box-shadow:0 1px 3px #0002;overflow:hidden}
.status{padding:1.25rem 1.5rem;color:#fff}.status h1{margin:0;font-size:1.5rem}.status p{margin:.4rem 0 0}
.valid{background:#15803d}.revoked{background:#b91c1c}.unknown{background:#4b5563}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1rem;padding:1.25rem 1.5rem;margin:0}
dt{font-weight:600;color:#4b5563}dd{margin:0;overflow-wrap:anywhere}
.actions{padding:0 1.5rem 1.5rem}.actions a{color:#0f4c81}
footer{padding:1rem 1.5rem;font-size:.85rem;color:#6b7280;border-top:1px solid #e5e7eb}`;

/** No script runs on these pages; the one inline style is allowed by its hash. */
export const VERIFICATION_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const row = (label: string, value: string) => `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>`;

function statusBlock(cert: CertificateDocument): string {
  if (cert.status === 'VALID') {
    return `<section class="status valid"><h1>Sertifikat SAH / valid</h1><p>Sertifikat ini tercatat dan berlaku.</p></section>`;
  }
  const when = cert.revokedAt ? ` pada ${formatInstantId(cert.revokedAt)}` : '';
  return `<section class="status revoked"><h1>Sertifikat DICABUT</h1><p>Sertifikat ini telah dicabut${esc(when)} dan tidak berlaku lagi.</p><p>Alasan: ${esc(cert.revocationReason ?? '-')}</p></section>`;
}

/** The public verification page of one certificate. */
export function verificationPage(stored: CertificateDocument, links: { pdf: string; jwks: string }): string {
  const cert = forDisplay(stored);
  const nip = maskNip(cert.holder.nip);
  const details = [
    row('Nomor', cert.number),
    row('Pemegang', cert.holder.name),
    nip ? row('NIP', nip) : '',
    row('Judul', cert.title),
    row('Kegiatan', cert.subjectLabel),
    row('Tanggal kegiatan', formatDateId(cert.activityDate)),
    row('Jumlah JP', `${cert.jp} JP`),
    row('Penerbit', cert.issuer.name),
    row('Tanggal terbit', formatInstantId(cert.issuedAt)),
  ].join('\n');
  return layout(
    `Verifikasi sertifikat ${cert.number}`,
    `${statusBlock(cert)}
<dl>
${details}
</dl>
<p class="actions"><a href="${esc(links.pdf)}">Unduh sertifikat (PDF)</a></p>
<footer>Kredensial digital Open Badges 3.0, ditandatangani Ed25519. Kunci publik penerbit: <a href="${esc(links.jwks)}">${esc(links.jwks)}</a></footer>`,
  );
}

/** Shown with 404 for a code that names no certificate. */
export function notFoundPage(): string {
  return layout(
    'Sertifikat tidak ditemukan',
    `<section class="status unknown"><h1>Sertifikat tidak ditemukan</h1><p>Kode verifikasi ini tidak cocok dengan sertifikat mana pun. Periksa kembali tautan atau kode QR.</p></section>`,
  );
}
