import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { MULTI_LINE, Problems } from '../../src/core/problems';
import { stripUnsafeCharacters } from '../../src/core/unsafe-characters';

/** The rule, written out code point by code point: C0, DEL, C1, bidi controls, line/paragraph separators, lone surrogates. */
function forbidden(cp: number, multiline: boolean): boolean {
  if (multiline && [0x09, 0x0a, 0x0d, 0x2028, 0x2029].includes(cp)) return false;
  return (
    cp <= 0x1f ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x061c ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    (cp >= 0xd800 && cp <= 0xdfff)
  );
}
const codePoints = (s: string) => [...s].map((c) => c.codePointAt(0)!);
const holdsForbidden = (s: string, multiline = false) => codePoints(s).some((cp) => forbidden(cp, multiline));

/** Mostly ordinary text (any script, emoji), with the characters at stake and their harmless neighbours mixed in. */
const tricky = fc.constantFrom(
  '\u0000', '\t', '\n', '\r', '\u000b', '\u001b', '\u007f', '\u0085', '\u009f', '\u061c', '\u200e', '\u200f', '\u202a', '\u202e',
  '\u2066', '\u2069', '\u2028', '\u2029', '\ud800', '\udfff',
  ' ', '\u00a0', '\u200b', '\u200c', '\u200d', '\ufeff', '\u2065', '\u206a', '\u202f', 'é', 'ễ', 'ب', '😀',
);
const text = fc.string({
  unit: fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)), weight: 3 },
    { arbitrary: fc.constantFrom('a', 'Z', '5', ' ', '.'), weight: 3 },
    { arbitrary: tricky, weight: 2 },
  ),
  maxLength: 30,
});

describe('Problems.text and optionalText', () => {
  test.prop([text, fc.boolean()])('accept a value only without a forbidden character, and then unchanged but trimmed', (value, multiline) => {
    const options = multiline ? MULTI_LINE : {};
    for (const check of [
      (p: Problems) => p.text(value, ['name'], 'Name', 200, options),
      (p: Problems) => p.optionalText(value, ['name'], 'Name', 200, options),
    ]) {
      const p = new Problems();
      const accepted = check(p);
      if (accepted !== null) {
        expect(holdsForbidden(accepted, multiline)).toBe(false);
        expect(accepted).toBe(value.trim());
        expect(p.list).toEqual([]);
      }
      const trimmed = value.trim();
      if (trimmed !== '' && holdsForbidden(trimmed, multiline)) {
        expect(accepted).toBeNull();
        expect(p.list).toEqual([{ field: ['name'], code: 'INVALID', message: expect.stringMatching(/^Name must not contain U\+[0-9A-F]{4,6}\b/) }]);
      } else if (trimmed !== '') {
        expect(accepted).toBe(trimmed);
      }
    }
  });

  it('names the first forbidden character as U+XXXX, with its name and kind', () => {
    const messages = ['Evil\u0000Name\u202E', 'a\u202Eb', 'a\u2067b', 'a\u009bb', 'a\nb', 'a\ud800b'].map((value) => {
      const p = new Problems();
      p.text(value, ['learners', 0, 'name'], 'Name');
      return p.list.map((e) => [e.field, e.code, e.message]);
    });
    expect(messages).toEqual([
      [[['learners', '0', 'name'], 'INVALID', 'Name must not contain U+0000 NULL (a control character)']],
      [[['learners', '0', 'name'], 'INVALID', 'Name must not contain U+202E RIGHT-TO-LEFT OVERRIDE (a bidirectional control character)']],
      [[['learners', '0', 'name'], 'INVALID', 'Name must not contain U+2067 RIGHT-TO-LEFT ISOLATE (a bidirectional control character)']],
      [[['learners', '0', 'name'], 'INVALID', 'Name must not contain U+009B (a control character)']],
      [[['learners', '0', 'name'], 'INVALID', 'Name must not contain U+000A LINE FEED (a line break or tab)']],
      [[['learners', '0', 'name'], 'INVALID', 'Name must not contain U+D800 (an unpaired surrogate, not valid Unicode)']],
    ]);
  });

  it('keeps tabs and line breaks in multi-line text, and names written in any script', () => {
    const p = new Problems();
    expect(p.optionalText('Baris satu\r\n\tbaris dua', ['description'], 'Description', 2000, MULTI_LINE)).toBe('Baris satu\r\n\tbaris dua');
    expect(p.text('Nguyễn Thị Ánh', ['name'], 'Name')).toBe('Nguyễn Thị Ánh');
    expect(p.text('محمد عبد الله', ['name'], 'Name')).toBe('محمد عبد الله');
    expect(p.text('👩‍👩‍👧 Keluarga', ['name'], 'Name')).toBe('👩‍👩‍👧 Keluarga');
    expect(p.list).toEqual([]);
  });
});

describe('Problems.email', () => {
  it('refuses an address with a control or bidirectional character, naming it', () => {
    const p = new Problems();
    expect(p.email('budi\u0000@jatimprov.go.id', ['email'])).toBeNull();
    expect(p.email('budi@jatimprov.go.id\u202E', ['email'])).toBeNull();
    expect(p.list.map((e) => [e.code, e.message])).toEqual([
      ['INVALID_EMAIL', 'An e-mail address must not contain U+0000 NULL (a control character)'],
      ['INVALID_EMAIL', 'An e-mail address must not contain U+202E RIGHT-TO-LEFT OVERRIDE (a bidirectional control character)'],
    ]);
  });
});

describe('stripUnsafeCharacters (for text shown on one line)', () => {
  test.prop([text])('leaves no forbidden character, and changes clean text not at all', (value) => {
    const shown = stripUnsafeCharacters(value);
    expect(holdsForbidden(shown)).toBe(false);
    if (!holdsForbidden(value)) expect(shown).toBe(value);
  });

  it('turns line breaks and tabs into spaces and drops the rest', () => {
    expect(stripUnsafeCharacters('Evil\u0000Name\u202E')).toBe('EvilName');
    expect(stripUnsafeCharacters('Data\ttidak\r\nsah\u2028lagi')).toBe('Data tidak  sah lagi');
  });
});
