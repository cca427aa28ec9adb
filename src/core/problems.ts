import { userError, type UserError, type UserErrorCode } from './errors';
import { describeCharacter, firstUnsafeCharacter } from './unsafe-characters';

export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\/-]{0,63}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface TextOptions {
  /** Descriptions and other bodies may keep tabs and line breaks; names, titles and reasons are one line. */
  multiline?: boolean;
}
export const MULTI_LINE: TextOptions = { multiline: true };

/** Collects a mutation input's problems so all of them are reported at once. */
export class Problems {
  readonly list: UserError[] = [];

  add(field: (string | number)[], code: UserErrorCode, message: string): void {
    this.list.push(userError(field, code, message));
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  /** The problems in input order (list items by index), whatever order they were found in. */
  inInputOrder(): UserError[] {
    const key = (e: UserError) => e.field.map((part) => (/^\d+$/.test(part) ? part.padStart(10, '0') : part)).join('\u0000');
    return [...this.list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }

  /**
   * A trimmed non-empty string of at most `max` characters and without
   * control, bidirectional-control or (unless multi-line) line-break
   * characters, or null with a problem noted.
   */
  text(value: string | null | undefined, field: (string | number)[], label: string, max = 200, options: TextOptions = {}): string | null {
    const v = value?.trim() ?? '';
    if (!v) this.add(field, 'REQUIRED', `${label} is required`);
    else if (v.length > max) this.add(field, 'TOO_LARGE', `${label} must be at most ${max} characters`);
    else if (this.safeCharacters(v, field, label, options)) return v;
    return null;
  }

  /** Like `text`, but empty is null rather than a problem. */
  optionalText(value: string | null | undefined, field: (string | number)[], label: string, max = 2000, options: TextOptions = {}): string | null {
    const v = value?.trim() ?? '';
    if (v.length > max) this.add(field, 'TOO_LARGE', `${label} must be at most ${max} characters`);
    else if (!this.safeCharacters(v, field, label, options)) return null;
    return v || null;
  }

  /** True when `value` holds no character stored text may not hold; otherwise notes an INVALID problem naming it. */
  safeCharacters(value: string, field: (string | number)[], label: string, options: TextOptions = {}): boolean {
    const bad = firstUnsafeCharacter(value, options);
    if (bad === null) return true;
    this.add(field, 'INVALID', `${label} must not contain ${describeCharacter(bad)}`);
    return false;
  }

  code(value: string, field: (string | number)[], label = 'Code'): string | null {
    const v = value.trim();
    if (!CODE_PATTERN.test(v)) {
      this.add(field, 'INVALID', `${label} must be 1-64 letters, digits, '.', '_', '/' or '-'`);
      return null;
    }
    return v;
  }

  email(value: string, field: (string | number)[]): string | null {
    const v = value.trim().toLowerCase();
    const bad = firstUnsafeCharacter(v);
    if (bad !== null) {
      this.add(field, 'INVALID_EMAIL', `An e-mail address must not contain ${describeCharacter(bad)}`);
      return null;
    }
    if (v.length > 254 || !EMAIL_PATTERN.test(v)) {
      this.add(field, 'INVALID_EMAIL', `"${value.slice(0, 80)}" is not a valid e-mail address`);
      return null;
    }
    return v;
  }

  /**
   * For an update's field that may not be empty: an explicit null is a
   * problem (omitting the field keeps it). True when the field was given.
   */
  given<T>(value: T | null | undefined, field: (string | number)[], label: string): value is T {
    if (value === null) this.add(field, 'REQUIRED', `${label} cannot be cleared; leave it out to keep it`);
    return value != null;
  }

  intRange(value: number, field: (string | number)[], label: string, min: number, max: number): number | null {
    if (!Number.isInteger(value) || value < min || value > max) {
      this.add(field, 'OUT_OF_RANGE', `${label} must be a whole number from ${min} to ${max}`);
      return null;
    }
    return value;
  }
}
