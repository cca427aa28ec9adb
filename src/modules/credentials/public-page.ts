import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { esc } from './html';

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;background:#f3f4f6;color:#1f2937}
main{max-width:40rem;margin:2rem auto;background:#fff;border-radius:.5rem;box-shadow:0 1px 3px #0002;overflow:hidden}
.status{padding:1.25rem 1.5rem;color:#fff}.status h1{margin:0;font-size:1.5rem}.status p{margin:.4rem 0 0}
.valid{background:#15803d}.revoked{background:#b91c1c}.unknown{background:#4b5563}.profile{background:#0f4c81}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1rem;padding:1.25rem 1.5rem;margin:0}
dt{font-weight:600;color:#4b5563}dd{margin:0;overflow-wrap:anywhere}dd ul{margin:0;padding-left:1.1rem}
.actions{padding:0 1.5rem 1.5rem}a{color:#0f4c81}.logo{margin:0;padding:1.25rem 1.5rem 0}.logo img{max-width:6rem;max-height:6rem}
footer{padding:1rem 1.5rem;font-size:.85rem;color:#6b7280;border-top:1px solid #e5e7eb}`;

/** No script runs on these pages; the one inline style is allowed by its hash. */
export const PUBLIC_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A whole page; `body` is HTML the caller has escaped. */
export function pageLayout(title: string, body: string): string {
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

/** A definition-list row of plain text. */
export const row = (label: string, value: string) => `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>`;

/** A definition-list row whose value is HTML the caller has escaped. */
export const htmlRow = (label: string, html: string) => `<dt>${esc(label)}</dt><dd>${html}</dd>`;

export const link = (href: string, text: string) => `<a href="${esc(href)}">${esc(text)}</a>`;

export const sendPage = (reply: FastifyReply, status: number, body: string) =>
  reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', PUBLIC_PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache')
    .send(body);
