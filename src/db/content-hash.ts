import { createHash } from 'node:crypto';

/** SHA-256 of a value's JSON: callers pass normalised content, so equal content hashes equal. */
export const contentHash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** Splits a list for multi-row statements that stay under SQLite's variable limit. */
export function chunked<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
