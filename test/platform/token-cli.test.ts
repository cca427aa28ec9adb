import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database';
import { hashToken } from '../../src/modules/access/token-secret';

const dir = mkdtempSync(join(tmpdir(), 'bangkom-cli-'));
const env = { ...process.env, DATABASE_URL: join(dir, 'cli.sqlite'), SEED_DEMO: 'false', LOG_LEVEL: 'silent' };
const cli = (...args: string[]) => {
  try {
    return { code: 0, out: execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/token.ts', ...args], { env, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: `${err.stdout}${err.stderr}` };
  }
};

let db: ReturnType<typeof openDatabase>;
beforeAll(() => {
  db = openDatabase(env.DATABASE_URL);
});
afterAll(() => db.close());

describe('npm run token', () => {
  it('mints a token shown once and stored only as its hash, and revokes it', () => {
    const created = cli('create', '--role', 'SUPERADMIN', '--name', 'operator');
    expect(created.code).toBe(0);
    const token = /bkm_[A-Za-z0-9_-]{43}/.exec(created.out)?.[0];
    expect(token).toBeDefined();
    const row = db.readRaw.prepare('SELECT id, token_hash, role FROM api_tokens WHERE name = ?').get('operator') as { id: number; token_hash: string; role: string };
    expect(row).toMatchObject({ token_hash: hashToken(token!), role: 'SUPERADMIN' });
    const audit = db.readRaw.prepare("SELECT summary FROM audit_log WHERE action = 'createApiToken'").all() as { summary: string }[];
    expect(JSON.stringify(audit)).not.toContain(token);

    const id = Buffer.from(`ApiToken:${row.id}`).toString('base64url');
    expect(cli('revoke', '--id', id).code).toBe(0);
    expect((db.readRaw.prepare('SELECT revoked_at FROM api_tokens WHERE id = ?').get(row.id) as { revoked_at: number | null }).revoked_at).not.toBeNull();
  });

  it('explains what is wrong', () => {
    const bad = cli('create', '--role', 'KING', '--name', 'x');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/--role \(one of SUPERADMIN/);
    const noInstitution = cli('create', '--role', 'INSTITUTION_ADMIN', '--name', 'x', '--institution', 'NOPE');
    expect(noInstitution.code).toBe(1);
    expect(noInstitution.out).toMatch(/institutionCode: No institution has code NOPE/);
  });
});
