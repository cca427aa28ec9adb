import { esc } from './html';
import type { achievementDocument, competencyDocument, profileDocument } from './identity-documents';
import { htmlRow, link, pageLayout, row } from './public-page';

/** Each page shows the JSON document served at the same address, for a person. */
const heading = (title: string, lead: string) => `<section class="status profile"><h1>${esc(title)}</h1><p>${esc(lead)}</p></section>`;
const footer = (kind: string, jwks: string) =>
  `<footer>${esc(kind)} Open Badges 3.0; kirim <code>Accept: application/ld+json</code> untuk JSON. Kunci publik penerbit: ${link(jwks, jwks)}</footer>`;

export function issuerPage(profile: ReturnType<typeof profileDocument>, jwks: string): string {
  return pageLayout(
    `Penerbit: ${profile.name}`,
    `${heading(profile.name, 'Penerbit sertifikat yang dapat diverifikasi di alamat ini.')}
<dl>
${row('Nama', profile.name)}
${row('Kode', profile.otherIdentifier[0].identifier)}
</dl>
${footer('Profil penerbit (Profile)', jwks)}`,
  );
}

export function achievementPage(doc: ReturnType<typeof achievementDocument>, jwks: string): string {
  const competencies = doc.alignment.map((a) => `<li>${link(a.targetUrl, `${a.targetName} (${a.targetCode})`)}</li>`).join('');
  return pageLayout(
    doc.name,
    `${heading(doc.name, doc.description)}
<dl>
${htmlRow('Penerbit', link(doc.creator.id, doc.creator.name))}
${row('Jumlah JP', `${doc.creditsAvailable} JP`)}
${row('Kriteria', doc.criteria.narrative)}
${competencies ? htmlRow('Kompetensi', `<ul>${competencies}</ul>`) : ''}
</dl>
${footer('Capaian (Achievement)', jwks)}`,
  );
}

export function competencyPage(doc: ReturnType<typeof competencyDocument>, jwks: string): string {
  return pageLayout(
    `Kompetensi: ${doc.name}`,
    `${heading(doc.name, doc.tag[0])}
<dl>
${row('Kode', doc.humanCode)}
${row('Uraian', doc.description)}
</dl>
${footer('Kompetensi (Achievement)', jwks)}`,
  );
}

export function identityNotFoundPage(): string {
  return pageLayout(
    'Tidak ditemukan',
    `<section class="status unknown"><h1>Tidak ditemukan</h1><p>Alamat ini tidak menunjuk penerbit, capaian, atau kompetensi yang terdaftar.</p></section>`,
  );
}
