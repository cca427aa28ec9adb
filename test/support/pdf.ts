import jsQR from 'jsqr';
import { getDocument, ImageKind, OPS, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** One page as a reader sees it: size in points, its text, and the raster images drawn on it. */
export interface PdfPage {
  width: number;
  height: number;
  /** Text runs in drawing order, one line per run that ends a line. */
  text: string;
  images: RgbaImage[];
}

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Reads a PDF in pure JavaScript (pdf.js), so tests need no system package. */
export async function readPdf(bytes: Uint8Array): Promise<PdfPage[]> {
  // pdf.js may take ownership of (detach) the buffer it is given: hand it a copy.
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) pages.push(await readPage(await doc.getPage(n)));
    return pages;
  } finally {
    await doc.destroy();
  }
}

async function readPage(page: PDFPageProxy): Promise<PdfPage> {
  const [x0, y0, x1, y1] = page.view;
  const content = await page.getTextContent();
  const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
  return { width: x1 - x0, height: y1 - y0, text, images: await imagesOf(page) };
}

interface PdfJsImage {
  width: number;
  height: number;
  kind: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** The decoded images a page paints; pdf.js resolves image XObjects into `page.objs` once the operator list is built. */
async function imagesOf(page: PDFPageProxy): Promise<RgbaImage[]> {
  const ops = await page.getOperatorList();
  const pending: Promise<PdfJsImage>[] = [];
  ops.fnArray.forEach((fn, i) => {
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.paintInlineImageXObject) pending.push(Promise.resolve(args[0] as PdfJsImage));
    if (fn === OPS.paintImageXObject) {
      const id = args[0] as string;
      const objs = id.startsWith('g_') ? page.commonObjs : page.objs;
      pending.push(new Promise((resolve) => objs.get(id, resolve)));
    }
  });
  return (await Promise.all(pending)).map(toRgba);
}

function toRgba(image: PdfJsImage): RgbaImage {
  const { width, height, kind, data } = image;
  const out = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    let rgb: [number, number, number];
    if (kind === ImageKind.RGBA_32BPP) rgb = [data[p * 4], data[p * 4 + 1], data[p * 4 + 2]];
    else if (kind === ImageKind.RGB_24BPP) rgb = [data[p * 3], data[p * 3 + 1], data[p * 3 + 2]];
    else if (kind === ImageKind.GRAYSCALE_1BPP) {
      const rowBytes = (width + 7) >> 3;
      const x = p % width;
      const bit = (data[Math.floor(p / width) * rowBytes + (x >> 3)] >> (7 - (x & 7))) & 1;
      rgb = bit ? [255, 255, 255] : [0, 0, 0];
    } else throw new Error(`unsupported pdf.js image kind ${kind}`);
    out.set([...rgb, kind === ImageKind.RGBA_32BPP ? data[p * 4 + 3] : 255], p * 4);
  }
  return { width, height, data: out };
}

/** The text of the first QR code found among the images, or null. */
export function decodeQr(images: RgbaImage[]): string | null {
  for (const image of images) {
    const code = jsQR(image.data, image.width, image.height);
    if (code) return code.data;
  }
  return null;
}
