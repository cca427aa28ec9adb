import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';
import type { LogoType } from '../../db/schema';

/** Bytes of a stored logo; base64 in the input is a third more. */
export const MAX_LOGO_BYTES = 256 * 1024;
/** Pixels a side: far more than a 2 cm print needs, and it bounds what a small compressed PNG may inflate to. */
export const MAX_LOGO_SIDE = 2048;

export type LogoCheck = { ok: true; type: LogoType; bytes: Buffer } | { ok: false; message: string };

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const refuse = (message: string): LogoCheck => ({ ok: false, message });
const tooLarge = (width: number, height: number) => width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE || width < 1 || height < 1;

/**
 * A logo sent as base64, accepted only as a PNG or JPEG (by its magic bytes)
 * of bounded size that the PDF renderer can draw. A PNG is decoded and
 * written again, so only pixels we produced ever reach the renderer (whose
 * own PNG decoder fails asynchronously, past any try/catch). A JPEG's pixels
 * are never decoded here: the PDF embeds its bytes as they are.
 */
export function checkLogo(base64: string): LogoCheck {
  const text = base64.replace(/\s+/g, '');
  if (text.length % 4 !== 0 || !BASE64.test(text)) return refuse('The logo must be base64');
  if ((text.length / 4) * 3 > MAX_LOGO_BYTES + 2) return refuse(`The logo may have at most ${MAX_LOGO_BYTES / 1024} KB`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length > MAX_LOGO_BYTES) return refuse(`The logo may have at most ${MAX_LOGO_BYTES / 1024} KB`);
  if (bytes.subarray(0, 8).equals(PNG_MAGIC)) return checkPng(bytes);
  if (bytes.subarray(0, 3).equals(JPEG_MAGIC)) return checkJpeg(bytes);
  return refuse('The logo must be a PNG or JPEG image');
}

function checkPng(bytes: Buffer): LogoCheck {
  // IHDR comes first: its size is known before anything is inflated.
  if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return refuse('The logo is not a readable PNG image');
  if (tooLarge(bytes.readUInt32BE(16), bytes.readUInt32BE(20))) return refuse(`The logo may be at most ${MAX_LOGO_SIDE} pixels a side`);
  try {
    const png = PNG.sync.read(bytes);
    return { ok: true, type: 'image/png', bytes: PNG.sync.write(png) };
  } catch {
    return refuse('The logo is not a readable PNG image');
  }
}

function checkJpeg(bytes: Buffer): LogoCheck {
  try {
    // pdfkit reads the JPEG's frame header (size, colour components) synchronously, as it will when it draws it.
    const doc = new PDFDocument({ autoFirstPage: false }) as unknown as { openImage(src: Buffer): { width: number; height: number } };
    const image = doc.openImage(bytes);
    if (tooLarge(image.width, image.height)) return refuse(`The logo may be at most ${MAX_LOGO_SIDE} pixels a side`);
    return { ok: true, type: 'image/jpeg', bytes };
  } catch {
    return refuse('The logo is not a readable JPEG image');
  }
}
