import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import pino from 'pino';
import { createFormatError } from '../../src/graphql/format-error';
import { DatabaseBusyError, DatabaseClosingError, openDatabase, type Database } from '../../src/db/database';
import { institutions } from '../../src/db/schema';

let db: Database | undefined;
afterEach(() => db?.close());

const open = () => (db = openDatabase(join(mkdtempSync(join(tmpdir(), 'bangkom-db-')), 'x.sqlite')));
const count = async (d: Database) => (await d.read.select().from(institutions).all()).length;
const row = (code: string) => ({ code, name: code, kind: 'GOVERNMENT_UNIT' as const, path: '/' });

describe('write()', () => {
  it('opens SQLite in WAL mode with foreign keys and a busy timeout', () => {
    const d = open();
    expect(d.readRaw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(d.readRaw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(Number(d.readRaw.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
  });

  it('commits an async callback as one transaction and rolls it back whole on error', async () => {
    const d = open();
    await d.write(async (tx) => {
      await tx.insert(institutions).values(row('A')).run();
      await new Promise((r) => setTimeout(r, 5));
      await tx.insert(institutions).values(row('B')).run();
    });
    expect(await count(d)).toBe(2);
    await expect(
      d.write(async (tx) => {
        await tx.insert(institutions).values(row('C')).run();
        await new Promise((r) => setTimeout(r, 5));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await count(d)).toBe(2);
  });

  it('queues concurrent transactions one at a time, and readers never see half of one', async () => {
    const d = open();
    const order: string[] = [];
    const slow = d.write(async (tx) => {
      order.push('slow:start');
      await tx.insert(institutions).values(row('S1')).run();
      await new Promise((r) => setTimeout(r, 20));
      expect(await count(d)).toBe(0);
      await tx.insert(institutions).values(row('S2')).run();
      order.push('slow:end');
    });
    const fast = d.write(async (tx) => {
      order.push('fast');
      await tx.insert(institutions).values(row('F')).run();
    });
    await Promise.all([slow, fast]);
    expect(order).toEqual(['slow:start', 'slow:end', 'fast']);
    expect(await count(d)).toBe(3);
  });

  it('counts committed transactions only, so caches know when they are stale', async () => {
    const d = open();
    const start = d.generation;
    await d.write(async (tx) => await tx.insert(institutions).values(row('G1')).run());
    expect(d.generation).toBe(start + 1);
    await expect(
      d.write(async (tx) => {
        await tx.insert(institutions).values(row('G2')).run();
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(d.generation).toBe(start + 1);
  });

  it('moves the generation on commits of another connection to the file (another server process) too', async () => {
    const d = open();
    const other = openDatabase(d.path, { migrate: false });
    try {
      const start = d.generation;
      expect(d.generation).toBe(start);
      await other.write(async (tx) => await tx.insert(institutions).values(row('ELSEWHERE')).run());
      expect(d.generation).not.toBe(start);
      const after = d.generation;
      expect(d.generation).toBe(after);
      expect(await count(d)).toBe(1);
    } finally {
      other.close();
    }
  });

  it("waits for another process's write transaction without blocking its own event loop, then writes", async () => {
    const d = open();
    const other = new BetterSqlite3(d.path);
    try {
      other.exec('BEGIN IMMEDIATE');
      let settled = false;
      const writing = d.write(async (tx) => await tx.insert(institutions).values(row('AFTER')).run()).finally(() => (settled = true));
      // Timers still fire while the write waits for the lock: the process answers other requests meanwhile.
      for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 5));
      expect(settled).toBe(false);
      other.exec('ROLLBACK');
      await writing;
      expect(await count(d)).toBe(1);
    } finally {
      other.close();
    }
  });

  it('gives up with a retryable DATABASE_BUSY error, nothing written, when another process keeps the lock', async () => {
    const path = open().path;
    const d = openDatabase(path, { migrate: false, writeLockWaitMs: 20 });
    const other = new BetterSqlite3(path);
    try {
      other.exec('BEGIN IMMEDIATE');
      const refused = await d.write(async (tx) => await tx.insert(institutions).values(row('NEVER')).run()).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DatabaseBusyError);
      expect(refused).toMatchObject({ code: 'DATABASE_BUSY' });
      expect((refused as Error).message).not.toMatch(/SQLITE|INSERT/);
      // What a GraphQL client gets: the code and the message, never an INTERNAL_SERVER_ERROR.
      const answered = createFormatError(pino({ level: 'silent' }))({ message: 'raw' }, refused);
      expect(answered).toMatchObject({ message: (refused as Error).message, extensions: { code: 'DATABASE_BUSY' } });
      other.exec('ROLLBACK');
      await d.write(async (tx) => await tx.insert(institutions).values(row('LATER')).run());
      expect((await d.read.select().from(institutions).all()).map((r) => r.code)).toEqual(['LATER']);
    } finally {
      other.close();
      d.close();
    }
  });

  it('refuses write() inside write() instead of deadlocking', async () => {
    const d = open();
    await expect(d.write(async () => d.write(async () => 1))).rejects.toThrow(/inside write/);
    expect(await d.write(async () => 2)).toBe(2);
    // The guard is switched off between writes and must come back for the next one, after an await too.
    await expect(
      d.write(async () => {
        await new Promise((r) => setTimeout(r, 1));
        return d.write(async () => 3);
      }),
    ).rejects.toThrow(/inside write/);
  });
});

describe('drain()', () => {
  it('lets the running and queued writes finish, refuses new ones cleanly, then close() follows', async () => {
    const d = open();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const running = d.write(async (tx) => {
      await tx.insert(institutions).values(row('RUNNING')).run();
      await gate;
      await tx.insert(institutions).values(row('RUNNING-2')).run();
    });
    const queued = d.write(async (tx) => await tx.insert(institutions).values(row('QUEUED')).run());
    let drained = false;
    const draining = d.drain().then(() => (drained = true));
    const late = d.write(async (tx) => await tx.insert(institutions).values(row('LATE')).run());
    await expect(late).rejects.toThrow(DatabaseClosingError);
    expect(drained).toBe(false);

    release();
    await Promise.all([running, queued, draining]);
    expect((await d.read.select({ code: institutions.code }).from(institutions).all()).map((r) => r.code)).toEqual(['RUNNING', 'RUNNING-2', 'QUEUED']);
    d.close();
    d.close();
    await expect(d.write(async () => 1)).rejects.toThrow(/closing/);
  });
});
