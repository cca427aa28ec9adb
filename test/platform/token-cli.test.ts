import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
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
    expect(created.out).toContain(`id ${row.id} (global id ${id})`);
    expect(cli('revoke', '--id', id).code).toBe(0);
    expect((db.readRaw.prepare('SELECT revoked_at FROM api_tokens WHERE id = ?').get(row.id) as { revoked_at: number | null }).revoked_at).not.toBeNull();
  });

  it('revokes by the id the audit log shows', () => {
    const created = cli('create', '--role', 'SUPERADMIN', '--name', 'audited');
    const row = db.readRaw.prepare('SELECT id FROM api_tokens WHERE name = ?').get('audited') as { id: number };
    const audit = db.readRaw.prepare("SELECT target_id FROM audit_log WHERE action = 'createApiToken' AND summary LIKE '%\"audited\"%'").get() as { target_id: string };
    expect(created.out).toContain(`id ${audit.target_id} `);
    const revoked = cli('revoke', '--id', audit.target_id);
    expect(revoked).toMatchObject({ code: 0, out: expect.stringContaining(`Revoked token ${row.id} "audited"`) });
    expect(cli('revoke', '--id', audit.target_id).out).toMatch(/already revoked/);
  });

  it('lists tokens with their ids, expiry and last use, never their secrets; revoked ones with --revoked', () => {
    const expires = '2099-01-01T00:00:00.000Z';
    const created = cli('create', '--role', 'SUPERADMIN', '--name', 'listed', '--expires', expires);
    const secret = /bkm_[A-Za-z0-9_-]{43}/.exec(created.out)![0];
    const row = db.readRaw.prepare('SELECT id FROM api_tokens WHERE name = ?').get('listed') as { id: number };
    const list = cli('list');
    expect(list.code).toBe(0);
    const line = list.out.split('\n').find((l) => l.includes('listed'))!;
    expect(line.split(/\s+/).slice(0, 4)).toEqual([String(row.id), Buffer.from(`ApiToken:${row.id}`).toString('base64url'), 'SUPERADMIN', 'listed']);
    expect(line).toContain('2099-01-01T00:00:00Z');
    expect(list.out).not.toContain(secret);
    expect(list.out).not.toMatch(/\boperator\b/);
    expect(cli('list', '--revoked').out).toMatch(/\boperator\b/);
    expect(cli('list', '--role', 'LEARNER').out.trim().split('\n')).toHaveLength(1);
  });

  it('mints a LEARNER token by e-mail for a participant without a NIP', async () => {
    await db.write(async (tx) => {
      await tx.run(sql`INSERT INTO institutions (code, name, kind, path) VALUES ('BUMDES-X', 'BUMDes X', 'COMMUNITY_PARTNER', '/')`);
      await tx.run(sql`UPDATE institutions SET path = '/' || id || '/' WHERE code = 'BUMDES-X'`);
      await tx.run(sql`INSERT INTO learners (institution_id, email, name, employment_type) SELECT id, 'mulyono@bumdes-x.id', 'Mulyono', 'NON_ASN' FROM institutions WHERE code = 'BUMDES-X'`);
    });
    const created = cli('create', '--role', 'LEARNER', '--name', 'Mulyono portal', '--email', 'Mulyono@BUMDES-X.id');
    expect(created.code).toBe(0);
    const row = db.readRaw.prepare("SELECT t.role, l.email FROM api_tokens t JOIN learners l ON l.id = t.learner_id WHERE t.name = 'Mulyono portal'").get();
    expect(row).toEqual({ role: 'LEARNER', email: 'mulyono@bumdes-x.id' });
    const unknown = cli('create', '--role', 'LEARNER', '--name', 'x', '--email', 'nobody@example.org');
    expect(unknown.code).toBe(1);
    expect(unknown.out).toMatch(/email: No learner has this e-mail/);
  });

  it('explains what is wrong', () => {
    const bad = cli('create', '--role', 'KING', '--name', 'x');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/--role \(one of SUPERADMIN/);
    const noInstitution = cli('create', '--role', 'INSTITUTION_ADMIN', '--name', 'x', '--institution', 'NOPE');
    expect(noInstitution.code).toBe(1);
    expect(noInstitution.out).toMatch(/institutionCode: No institution has code NOPE/);
    expect(cli('create', '--role', 'SUPERADMIN', '--name', 'x', '--expires', 'soon').out).toMatch(/--expires must be an ISO date-time/);
    expect(cli('revoke', '--id', 'nonsense').out).toMatch(/neither a token id nor an ApiToken global id/);
  });
});
