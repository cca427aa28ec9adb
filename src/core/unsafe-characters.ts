/**
 * Characters no stored text may hold: C0 and C1 controls (NUL included) and
 * DEL, which truncate or corrupt text in C strings, PDFs and terminals; the
 * bidirectional controls (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069),
 * which make a name or title display as something it is not; and unpaired
 * surrogates, which are not Unicode text at all. Multi-line text may keep tab,
 * line feed, carriage return and the Unicode line/paragraph separators.
 */
const SINGLE_LINE = /[\p{Cc}\p{Bidi_Control}\p{Cs}\u2028\u2029]/u;
const MULTI_LINE = /(?![\t\n\r])[\p{Cc}\p{Bidi_Control}\p{Cs}]/u;
const UNSAFE_ALL = /[\p{Cc}\p{Bidi_Control}\p{Cs}\u2028\u2029]/gu;
const SPACING = /[\t\n\v\f\r\u0085\u2028\u2029]/;

const NAMES: Record<number, string> = {
  0x00: 'NULL',
  0x09: 'TAB',
  0x0a: 'LINE FEED',
  0x0d: 'CARRIAGE RETURN',
  0x061c: 'ARABIC LETTER MARK',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
};

/** The code point of the first character `text` may not hold, or null when it is clean. */
export function firstUnsafeCharacter(text: string, options: { multiline?: boolean } = {}): number | null {
  const match = (options.multiline ? MULTI_LINE : SINGLE_LINE).exec(text);
  return match ? match[0].codePointAt(0)! : null;
}

/** E.g. "U+202E RIGHT-TO-LEFT OVERRIDE (a bidirectional control character)". */
export function describeCharacter(codePoint: number): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[codePoint] ? ` ${NAMES[codePoint]}` : '';
  const char = String.fromCodePoint(codePoint);
  const kind = /\p{Bidi_Control}/u.test(char)
    ? 'a bidirectional control character'
    : /\p{Cs}/u.test(char)
      ? 'an unpaired surrogate, not valid Unicode'
      : SPACING.test(char)
        ? 'a line break or tab'
        : 'a control character';
  return `${hex}${name} (${kind})`;
}

/** `text` made safe to show on one line: line breaks and tabs become spaces, the other unsafe characters are dropped. */
export function stripUnsafeCharacters(text: string): string {
  if (!SINGLE_LINE.test(text)) return text;
  return text.replace(UNSAFE_ALL, (c) => (SPACING.test(c) ? ' ' : ''));
}
