import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('has defaults and reads file: URLs', () => {
    const c = loadConfig({ DATABASE_URL: 'file:./tmp/x.sqlite' });
    expect(c).toMatchObject({ PORT: 4000, HOST: '127.0.0.1', SEED_DEMO: true, databasePath: './tmp/x.sqlite' });
    expect(c.publicBaseUrl).toBe('http://127.0.0.1:4000');
    expect(loadConfig({ DATABASE_URL: ':memory:', SEED_DEMO: 'false' })).toMatchObject({ databasePath: ':memory:', SEED_DEMO: false });
  });

  it('stops with a readable message on a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'not a url' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_TOKEN: 'short' })).toThrow(/BOOTSTRAP_ADMIN_TOKEN/);
  });

  it('takes an IP address or a host name as HOST, and links to it', () => {
    for (const [host, base] of [
      ['127.0.0.1', 'http://127.0.0.1:4000'],
      ['0.0.0.0', 'http://localhost:4000'],
      ['::', 'http://localhost:4000'],
      ['::1', 'http://[::1]:4000'],
      ['localhost', 'http://localhost:4000'],
      ['bangkom.bpsdm.jatimprov.go.id', 'http://bangkom.bpsdm.jatimprov.go.id:4000'],
    ]) {
      expect(loadConfig({ HOST: host })).toMatchObject({ HOST: host, publicBaseUrl: base });
    }
  });

  it('refuses a HOST that is neither an address nor a name', () => {
    for (const host of ['not a host', '999.1.1.1', '10.0.0', 'localhost:4000', 'http://localhost', '-bad', 'a..b']) {
      expect(() => loadConfig({ HOST: host }), host).toThrow(ConfigError);
      expect(() => loadConfig({ HOST: host }), host).toThrow(/must be an IP address or a host name[\s\S]*at HOST/);
    }
  });

  it('trusts X-Forwarded-For only from named proxies: TRUST_PROXY is false or addresses/CIDRs', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.10,loopback, fd00::/8' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '192.0.2.10', 'loopback', 'fd00::/8']);
    // `true` trusts whatever a client writes; a hop count trusts nothing in Fastify 5.
    for (const bad of ['true', '1', '10.0.0.0/33', '10.0.0.1,', 'proxy.example']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
    expect(() => loadConfig({ PUBLIC_RATE_LIMIT_PER_MINUTE: '0' })).toThrow(/PUBLIC_RATE_LIMIT_PER_MINUTE/);
  });

  it('takes WEBHOOK_SECRET_KEY as 32 bytes in base64 or hex, and refuses private receivers unless switched on', () => {
    const base64 = Buffer.alloc(32, 7).toString('base64');
    const hex = Buffer.alloc(32, 7).toString('hex');
    expect(loadConfig({ WEBHOOK_SECRET_KEY: base64 }).WEBHOOK_SECRET_KEY).toBe(base64);
    expect(loadConfig({ WEBHOOK_SECRET_KEY: hex }).WEBHOOK_SECRET_KEY).toBe(hex);
    expect(loadConfig({}).WEBHOOK_SECRET_KEY).toBeUndefined();
    for (const bad of ['short', Buffer.alloc(16).toString('base64'), hex.slice(2), 'x'.repeat(44)]) {
      expect(() => loadConfig({ WEBHOOK_SECRET_KEY: bad })).toThrow(/WEBHOOK_SECRET_KEY/);
    }
    expect(loadConfig({}).WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }).WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(true);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'maybe' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_NETWORKS/);
  });

  it('sizes the read pool: one worker by default, none for an in-memory database, a bounded queue', () => {
    expect(loadConfig({})).toMatchObject({ READ_WORKERS: 1, READ_QUEUE: 64 });
    expect(loadConfig({ READ_WORKERS: '0', READ_QUEUE: '8' })).toMatchObject({ READ_WORKERS: 0, READ_QUEUE: 8 });
    expect(loadConfig({ DATABASE_URL: ':memory:', READ_WORKERS: '4' }).READ_WORKERS).toBe(0);
    for (const [name, bad] of [['READ_WORKERS', '-1'], ['READ_WORKERS', '65'], ['READ_WORKERS', 'two'], ['READ_QUEUE', '0'], ['READ_QUEUE', '1.5']]) {
      expect(() => loadConfig({ [name]: bad }), `${name}=${bad}`).toThrow(new RegExp(name));
    }
  });

  it('runs one server process unless WEB_CONCURRENCY asks for more: a number from 1 to 64, or auto (one per core)', () => {
    expect(loadConfig({}).WEB_CONCURRENCY).toBe(1);
    expect(loadConfig({ WEB_CONCURRENCY: '4' }).WEB_CONCURRENCY).toBe(4);
    expect(loadConfig({ WEB_CONCURRENCY: 'auto' }).WEB_CONCURRENCY).toBe(Math.min(availableParallelism(), 64));
    for (const bad of ['0', '65', '1.5', 'two', '-1']) expect(() => loadConfig({ WEB_CONCURRENCY: bad })).toThrow(/must be a whole number of server processes[\s\S]*WEB_CONCURRENCY/);
    expect(() => loadConfig({ WEB_CONCURRENCY: '2', DATABASE_URL: ':memory:' })).toThrow(/WEB_CONCURRENCY above 1 needs a database file/);
  });

  it('opens PostgreSQL with shared keys only, refuses file backups and a replica without it, and splits rate limits over the nodes', () => {
    const pg = 'postgres://bangkom:secret@db.internal:5432/bangkom';
    const keys = { SIGNING_KEY: '{"kty":"OKP"}', WEBHOOK_SECRET_KEY: 'a'.repeat(64) };
    expect(loadConfig({ DATABASE_URL: pg, ...keys })).toMatchObject({ databaseEngine: 'postgres', databasePath: ':memory:', DATABASE_POOL_SIZE: 10 });
    expect(() => loadConfig({ DATABASE_URL: pg })).toThrow(/SIGNING_KEY is required with PostgreSQL[\s\S]*WEBHOOK_SECRET_KEY is required/);
    expect(() => loadConfig({ DATABASE_URL: pg, ...keys, BACKUP_DIR: '/backups' })).toThrow(/BACKUP_DIR backs up a SQLite file/);
    expect(() => loadConfig({ DATABASE_URL: './x.sqlite', DATABASE_REPLICA_URL: pg })).toThrow(/DATABASE_REPLICA_URL needs/);
    expect(() => loadConfig({ DATABASE_URL: pg, ...keys, DATABASE_REPLICA_URL: 'mysql://x' })).toThrow(/DATABASE_REPLICA_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'pglite:memory', WEB_CONCURRENCY: '2' })).toThrow(/PGlite lives in one process/);
    expect(loadConfig({ DATABASE_URL: 'pglite:memory' })).toMatchObject({ databaseEngine: 'pglite', READ_WORKERS: 0 });
    const split = loadConfig({ DATABASE_URL: pg, ...keys, RATE_LIMIT_NODES: '3', RATE_LIMIT_COST_PER_MINUTE: '300000', PUBLIC_RATE_LIMIT_PER_MINUTE: '600' });
    expect(split).toMatchObject({ RATE_LIMIT_COST_PER_MINUTE: 100_000, PUBLIC_RATE_LIMIT_PER_MINUTE: 200 });
  });

  it('reads the backup schedule, off unless BACKUP_DIR is set', () => {
    const defaults = loadConfig({});
    expect(defaults.BACKUP_DIR).toBeUndefined();
    expect(defaults).toMatchObject({ BACKUP_INTERVAL_MINUTES: 1440, BACKUP_KEEP: 7 });
    expect(loadConfig({ BACKUP_DIR: './backups', BACKUP_INTERVAL_MINUTES: '60', BACKUP_KEEP: '3' })).toMatchObject({ BACKUP_DIR: './backups', BACKUP_INTERVAL_MINUTES: 60, BACKUP_KEEP: 3 });
    expect(() => loadConfig({ BACKUP_INTERVAL_MINUTES: '0' })).toThrow(/BACKUP_INTERVAL_MINUTES/);
    expect(() => loadConfig({ BACKUP_INTERVAL_MINUTES: '50000' })).toThrow(/BACKUP_INTERVAL_MINUTES/);
    expect(() => loadConfig({ BACKUP_KEEP: 'all' })).toThrow(/BACKUP_KEEP/);
    expect(() => loadConfig({ BACKUP_DIR: './backups', DATABASE_URL: ':memory:' })).toThrow(/BACKUP_DIR needs a database file/);
  });

  it('stops the server with exit code 2 before it opens or seeds anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bangkom-config-'));
    try {
      const database = join(dir, 'data', 'bangkom.sqlite');
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        env: { PATH: process.env.PATH, HOST: '999.1.1.1', PORT: '0', DATABASE_URL: database, SEED_DEMO: 'true' },
        encoding: 'utf8',
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('Invalid configuration');
      expect(run.stderr).toMatch(/must be an IP address or a host name[\s\S]*at HOST/);
      expect(existsSync(database)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
