import { maskNip } from '../learners/nip';
import { forDisplay, type CertificateDocument } from './certificate-document';
import { esc } from './html';
import { formatDateId, formatInstantId } from './indonesian-date';
import { pageLayout, row } from './public-page';

function statusBlock(cert: CertificateDocument): string {
  if (cert.status === 'VALID') {
    return `<section class="status valid"><h1>Sertifikat SAH / valid</h1><p>Sertifikat ini tercatat dan berlaku.</p></section>`;
  }
  const when = cert.revokedAt ? ` pada ${formatInstantId(cert.revokedAt, cert.issuer.timeZone)}` : '';
  return `<section class="status revoked"><h1>Sertifikat DICABUT</h1><p>Sertifikat ini telah dicabut${esc(when)} dan tidak berlaku lagi.</p><p>Alasan: ${esc(cert.revocationReason ?? '-')}</p></section>`;
}

/** The issuer's logo, inline: the page loads nothing else (its policy allows images only as data: URLs). */
function logoBlock(cert: CertificateDocument): string {
  const logo = cert.signatory?.logo;
  if (!logo) return '';
  return `<p class="logo"><img src="data:${logo.type};base64,${logo.data.toString('base64')}" alt="${esc(`Logo ${cert.issuer.name}`)}"></p>`;
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
    row('Tanggal terbit', formatInstantId(cert.issuedAt, cert.issuer.timeZone)),
    ...(cert.signatory
      ? [row('Penandatangan', cert.signatory.name), row('Jabatan', cert.signatory.position), row('NIP penandatangan', maskNip(cert.signatory.nip) ?? '')]
      : []),
  ].join('\n');
  return pageLayout(
    `Verifikasi sertifikat ${cert.number}`,
    `${statusBlock(cert)}
${logoBlock(cert)}<dl>
${details}
</dl>
<p class="actions"><a href="${esc(links.pdf)}">Unduh sertifikat (PDF)</a></p>
<footer>Kredensial digital Open Badges 3.0, ditandatangani Ed25519. Kunci publik penerbit: <a href="${esc(links.jwks)}">${esc(links.jwks)}</a></footer>`,
  );
}

/** Shown with 404 for a code that names no certificate. */
export function notFoundPage(): string {
  return pageLayout(
    'Sertifikat tidak ditemukan',
    `<section class="status unknown"><h1>Sertifikat tidak ditemukan</h1><p>Kode verifikasi ini tidak cocok dengan sertifikat mana pun. Periksa kembali tautan atau kode QR.</p></section>`,
  );
}
