import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The file beside the database that holds a generated key when `WEBHOOK_SECRET_KEY` is unset. */
export const WEBHOOK_KEY_FILE = 'webhook-secret.key';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

/** A 32-byte key given as base64 (44 characters) or hex (64 digits); null when it is not one. */
export function parseWebhookKey(text: string): Buffer | null {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  return key.length === KEY_BYTES && (key.toString('base64') === trimmed || key.toString('hex') === trimmed.toLowerCase()) ? key : null;
}

function fileKey(path: string): Buffer {
  try {
    writeFileSync(path, randomBytes(KEY_BYTES).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  chmodSync(path, 0o600);
  const key = parseWebhookKey(readFileSync(path, 'utf8'));
  if (!key) throw new Error(`${path} does not hold a 32-byte base64 key`);
  return key;
}

/**
 * Env `WEBHOOK_SECRET_KEY` first; else `<data dir>/webhook-secret.key`,
 * created on first use (as the signing key is), so a copy of the database
 * alone does not reveal the secrets; an in-memory database keeps an in-process key.
 */
export function loadWebhookKey(options: { key?: string; databasePath: string }): Buffer {
  if (options.key) {
    const key = parseWebhookKey(options.key);
    if (!key) throw new Error('WEBHOOK_SECRET_KEY must be 32 bytes, as base64 or 64 hex digits');
    return key;
  }
  if (options.databasePath === ':memory:') return randomBytes(KEY_BYTES);
  return fileKey(join(dirname(resolve(options.databasePath)), WEBHOOK_KEY_FILE));
}

/** AES-256-GCM: `v1.<base64 of iv, tag and ciphertext>`; `context` (the subscription's institution) is bound as associated data. */
export function seal(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** The plaintext of `seal`; throws when the key or context differ or the text was altered. */
export function open(key: Buffer, sealed: string, context: string): string {
  const [version, data] = sealed.split('.');
  if (version !== VERSION || !data) throw new Error('Unknown sealed secret format');
  const raw = Buffer.from(data, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES)).setAAD(Buffer.from(context));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** A new signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** The associated data a subscription's secret is sealed with: it opens only for the institution it was made for. */
export const secretContext = (institutionId: number) => `webhook:${institutionId}`;
