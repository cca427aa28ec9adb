import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWebhookKey, open, seal, WEBHOOK_KEY_FILE } from '../../../src/modules/webhooks/secret-box';

const dir = mkdtempSync(join(tmpdir(), 'bangkom-webhook-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('webhook secrets at rest', () => {
  it('seals with AES-256-GCM: opens only with the same key and context, and refuses an altered text', () => {
    const key = loadWebhookKey({ key: Buffer.alloc(32, 1).toString('base64'), databasePath: ':memory:' });
    const sealed = seal(key, 'whsec_abc', 'webhook:1');
    expect(sealed).not.toContain('whsec_abc');
    expect(open(key, sealed, 'webhook:1')).toBe('whsec_abc');
    expect(() => open(key, sealed, 'webhook:2')).toThrow();
    expect(() => open(Buffer.alloc(32, 2), sealed, 'webhook:1')).toThrow();
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => open(key, `v1.${raw.toString('base64')}`, 'webhook:1')).toThrow();
  });

  it('without WEBHOOK_SECRET_KEY, generates one key file beside the database (owner-only) and keeps using it', () => {
    const databasePath = join(dir, 'bangkom.sqlite');
    const first = loadWebhookKey({ databasePath });
    const file = join(dir, WEBHOOK_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toEqual(first);
    expect(loadWebhookKey({ databasePath })).toEqual(first);
    expect(() => loadWebhookKey({ key: 'not a key', databasePath })).toThrow(/WEBHOOK_SECRET_KEY/);
  });
});
