import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { esc } from '../../../src/modules/credentials/html';

const unescape = (s: string) => s.replace(/&lt;|&gt;|&quot;|&#39;|&amp;/g, (e) => ({ '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' })[e]!);

test.prop([fc.string({ unit: 'binary' })])('esc leaves no markup characters and loses nothing', (s) => {
  const out = esc(s);
  expect(out).not.toMatch(/[<>"']/);
  expect(out.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
  expect(unescape(out)).toBe(s);
});
