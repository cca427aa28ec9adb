import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits; the prefix lets secret scanners recognise a leaked token. */
export const newTokenSecret = () => `bkm_${randomBytes(32).toString('base64url')}`;

/** Tokens are high-entropy random strings, so a plain SHA-256 is a safe at-rest form. */
export const hashToken = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');
