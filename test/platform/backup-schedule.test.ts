import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYSTEM } from '../../src/auth/viewer';
import { backupFileName, createBackupSchedule } from '../../src/db/backup-schedule';
import { openDatabase, type Database } from '../../src/db/database';
import { unwrap } from '../../src/seed/unwrap';
import { createServices, type Services } from '../../src/composition/services';
import { startTestApp } from '../support/app';

const root = mkdtempSync(join(tmpdir(), 'bangkom-backup-schedule-'));
const dbPath = join(root, 'live.sqlite');
let db: Database;
let services: Services;

beforeAll(() => {
  db = openDatabase(dbPath);
  services = createServices(db, { publicBaseUrl: 'http://localhost', databasePath: dbPath });
});
afterAll(() => {
  db.close();
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => vi.useRealTimers());

/** A pino logger whose lines the test reads. */
function capturingLogger() {
  const lines: { level: number; msg: string; [k: string]: unknown }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const DAY = 24 * 60 * 60 * 1000;
const institutionsIn = (path: string) => {
  const copy = new BetterSqlite3(path, { readonly: true });
  try {
    return {
      integrity: copy.pragma('integrity_check', { simple: true }),
      codes: (copy.prepare("SELECT code FROM institutions WHERE code LIKE 'DAY-%' ORDER BY id").all() as { code: string }[]).map((r) => r.code),
    };
  } finally {
    copy.close();
  }
};

describe('scheduled backups', () => {
  it('keeps the BACKUP_KEEP newest copies, deletes older ones, and leaves other files alone', async () => {
    const dir = join(root, 'keep');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'operator notes');
    writeFileSync(join(dir, 'bangkom-manual.sqlite'), 'a copy taken by hand');
    let clock = new Date('2026-11-01T01:00:00.000Z');
    const { logger, lines } = capturingLogger();
    const schedule = createBackupSchedule({ databasePath: dbPath, dir, intervalMinutes: 1440, keep: 3, logger, now: () => clock });

    const names: string[] = [];
    for (let day = 1; day <= 5; day++) {
      unwrap('day', await services.institutions.create(SYSTEM, { code: `DAY-${day}`, name: `Day ${day}`, kind: 'GOVERNMENT_UNIT' }));
      names.push(backupFileName(clock));
      const result = await schedule.tick();
      expect(result).toMatchObject({ path: join(dir, names.at(-1)!), integrity: 'ok' });
      clock = new Date(clock.getTime() + DAY);
    }
    await schedule.stop();

    expect(names[0]).toBe('bangkom-2026-11-01T01-00-00.000Z.sqlite');
    expect(readdirSync(dir).sort()).toEqual([...names.slice(2), 'bangkom-manual.sqlite', 'notes.txt'].sort());
    names.slice(2).forEach((name, i) => expect(institutionsIn(join(dir, name))).toEqual({ integrity: 'ok', codes: ['DAY-1', 'DAY-2', 'DAY-3', 'DAY-4', 'DAY-5'].slice(0, i + 3) }));
    const written = lines.filter((l) => l.msg === 'backup written');
    expect(written.map((l) => l.deleted)).toEqual([[], [], [], [names[0]], [names[1]]]);
    expect(written.every((l) => l.job === 'backup' && l.integrity === 'ok' && typeof l.bytes === 'number')).toBe(true);
  });

  it('logs a failing backup and goes on', async () => {
    const { logger, lines } = capturingLogger();
    const blocked = join(root, 'not-a-directory');
    writeFileSync(blocked, 'a file where the backup directory should be');
    const schedule = createBackupSchedule({ databasePath: dbPath, dir: blocked, intervalMinutes: 60, keep: 2, logger });
    await expect(schedule.tick()).resolves.toBeUndefined();
    const missing = createBackupSchedule({ databasePath: join(root, 'gone.sqlite'), dir: join(root, 'never'), intervalMinutes: 60, keep: 2, logger });
    await expect(missing.tick()).resolves.toBeUndefined();

    const failures = lines.filter((l) => l.msg === 'backup failed');
    expect(failures).toHaveLength(2);
    expect(failures.every((l) => l.level === 50)).toBe(true);
    expect((failures[1].err as { message: string }).message).toContain('No database at');
  });

  it('sets one timer, due an interval after the newest copy, and clears it on stop', async () => {
    const dir = join(root, 'timer');
    mkdirSync(dir);
    const now = new Date('2026-11-02T12:00:00.000Z');
    const newest = backupFileName(new Date(now.getTime() - 45 * 60_000));
    writeFileSync(join(dir, newest), '');
    const leftover = `.${backupFileName(now)}.partial-4242-1796000000000`;
    writeFileSync(join(dir, leftover), 'half a copy from a killed process');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { logger, lines } = capturingLogger();
    const schedule = createBackupSchedule({ databasePath: dbPath, dir, intervalMinutes: 60, keep: 2, logger, now: () => now });
    schedule.start();
    expect(vi.getTimerCount()).toBe(1);
    expect(lines.find((l) => l.msg === 'scheduled backups on')).toMatchObject({ intervalMinutes: 60, keep: 2, firstInMinutes: 15 });
    expect(readdirSync(dir)).toEqual([newest]);
    expect(lines.find((l) => l.msg === 'removed partial backups left by an earlier process')).toMatchObject({ files: [leftover] });
    await schedule.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs inside the server when BACKUP_DIR is set, and not otherwise', async () => {
    const dir = join(root, 'server');
    mkdirSync(dir);
    // A fresh copy already there: the first scheduled one is a day away, so only the tick below runs.
    writeFileSync(join(dir, backupFileName(new Date())), '');
    const test = await startTestApp({ BACKUP_DIR: dir, BACKUP_KEEP: '5' });
    try {
      const result = await test.app.backups!.tick();
      expect(result?.integrity).toBe('ok');
      expect(readdirSync(dir)).toHaveLength(2);
    } finally {
      await test.close();
    }
    const plain = await startTestApp();
    expect(plain.app.backups).toBeNull();
    await plain.close();
  });
});
