import { createHash } from 'node:crypto';

/** SHA-256 of a value's JSON: callers pass normalised content, so equal content hashes equal. */
export const contentHash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
