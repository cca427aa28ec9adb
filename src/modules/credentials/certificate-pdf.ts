import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { maskNip } from '../learners/nip';
import { forDisplay, type CertificateDocument, type SignatoryDocument } from './certificate-document';
import { formatDateId, formatInstantId } from './indonesian-date';

// Built-in PDF fonts cover Latin-1 only and silently garble other letters; DejaVu covers names in any script we meet.
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const PAGE = { width: 841.89, height: 595.28 };
const MARGIN = 60;
const QR_SIZE = 130;
const LOGO_SIZE = 64;
const SIGNATURE_WIDTH = 300;
const INK = '#1f2937';
const ACCENT = '#0f4c81';
const REVOKED = '#b91c1c';

function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

function centered(doc: PDFKit.PDFDocument, text: string, font: string, size: number, options: PDFKit.Mixins.TextOptions = {}, inset = 0) {
  doc.font(font).fontSize(size).text(text, MARGIN + inset, doc.y, { width: PAGE.width - 2 * (MARGIN + inset), align: 'center', ...options });
}

/** Position, name and masked NIP of who signs, centred in `width` from `left`; returns the bottom. */
function signatureBlock(doc: PDFKit.PDFDocument, signatory: SignatoryDocument, left: number, top: number): number {
  const box = { width: SIGNATURE_WIDTH, align: 'center' as const, ellipsis: true };
  doc.fillColor(INK).font('Regular').fontSize(10).text(signatory.position, left, top, { ...box, height: 26 });
  doc.font('Bold').fontSize(11).text(signatory.name, left, doc.y + 4, { ...box, height: 14, underline: true });
  doc.font('Regular').fontSize(9).text(`NIP ${maskNip(signatory.nip)}`, left, doc.y, box);
  return doc.y;
}

function revokedBanner(doc: PDFKit.PDFDocument, cert: CertificateDocument, y: number) {
  const width = PAGE.width - 3 * MARGIN - QR_SIZE;
  doc.save().roundedRect(MARGIN, y, width, 62, 6).fill(REVOKED).restore();
  const when = cert.revokedAt ? ` pada ${formatInstantId(cert.revokedAt, cert.issuer.timeZone)}` : '';
  doc.fillColor('#ffffff').font('Bold').fontSize(16).text(`SERTIFIKAT INI DICABUT${when}`, MARGIN + 14, y + 10, { width: width - 28 });
  doc.font('Regular').fontSize(11).text(`Alasan: ${cert.revocationReason ?? '-'}`, MARGIN + 14, y + 34, { width: width - 28, height: 24, ellipsis: true });
}

/** The printable A4 landscape certificate in Bahasa Indonesia, with a QR code of its verification URL. */
export async function renderCertificatePdf(stored: CertificateDocument, verificationUrl: string): Promise<Buffer> {
  const cert = forDisplay(stored);
  const revoked = cert.status === 'REVOKED';
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    info: { Title: `Sertifikat ${cert.number}${revoked ? ' (DICABUT)' : ''}`, Author: cert.issuer.name, Subject: cert.title },
  });
  doc.registerFont('Regular', FONT);
  doc.registerFont('Bold', FONT_BOLD);

  doc.lineWidth(3).strokeColor(ACCENT).rect(20, 20, PAGE.width - 40, PAGE.height - 40).stroke();
  doc.lineWidth(0.8).rect(28, 28, PAGE.width - 56, PAGE.height - 56).stroke();

  const logo = cert.signatory?.logo;
  if (logo) doc.image(logo.data, 40, 40, { fit: [LOGO_SIZE, LOGO_SIZE], align: 'center', valign: 'center' });

  doc.fillColor(ACCENT);
  doc.y = 58;
  // Beside a logo the issuer's name keeps clear of it on both sides, so it stays centred.
  centered(doc, cert.issuer.name, 'Bold', 15, {}, logo ? LOGO_SIZE : 0);
  doc.moveDown(0.6);
  centered(doc, 'SERTIFIKAT', 'Bold', 40);
  doc.fillColor(INK);
  centered(doc, `Nomor: ${cert.number}`, 'Regular', 11);
  doc.moveDown(2);
  centered(doc, 'diberikan kepada', 'Regular', 13);
  doc.moveDown(0.3);
  centered(doc, cert.holder.name, 'Bold', 24, { height: 60, ellipsis: true });
  // Masked exactly as on the public page: the full NIP is printed nowhere public.
  if (cert.holder.nip) centered(doc, `NIP ${maskNip(cert.holder.nip)}`, 'Regular', 12);
  doc.moveDown(1.6);
  centered(doc, 'atas keikutsertaannya dalam', 'Regular', 12);
  doc.moveDown(0.3);
  centered(doc, cert.title, 'Bold', 17, { height: 44, ellipsis: true });
  doc.moveDown(0.5);
  centered(doc, `${cert.subjectLabel} · tanggal ${formatDateId(cert.activityDate)} · ${cert.jp} JP (jam pelajaran)`, 'Regular', 12);

  const contentBottom = doc.y;

  const qrTop = PAGE.height - MARGIN - QR_SIZE - 14;
  const qrLeft = PAGE.width - MARGIN - QR_SIZE;
  const qr = await QRCode.toBuffer(verificationUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 400 });
  doc.image(qr, qrLeft, qrTop, { width: QR_SIZE, height: QR_SIZE });
  doc.font('Regular').fontSize(8).fillColor(INK).text('Pindai untuk verifikasi', qrLeft, qrTop + QR_SIZE + 2, { width: QR_SIZE, align: 'center' });

  const signed = cert.signatory ? signatureBlock(doc, cert.signatory, qrLeft - 20 - SIGNATURE_WIDTH, contentBottom + 12) : 0;
  const footY = PAGE.height - MARGIN - 40;
  // Below the signature when there is one, never into the footer.
  if (revoked) revokedBanner(doc, cert, Math.min(Math.max(qrTop - 4, signed + 6), footY - 66));
  doc.fillColor(INK).font('Regular').fontSize(10);
  doc.text(`Diterbitkan oleh ${cert.issuer.name} pada ${formatInstantId(cert.issuedAt, cert.issuer.timeZone)}`, MARGIN, footY, { width: qrLeft - MARGIN - 20 });
  doc.fontSize(8).fillColor('#4b5563').text(`Verifikasi: ${verificationUrl}`, MARGIN, footY + 16, { width: qrLeft - MARGIN - 20, link: verificationUrl });

  return toBuffer(doc);
}
