import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { backupDatabase, isPartialBackup, type BackupResult } from './backup';

export interface BackupScheduleOptions {
  databasePath: string;
  dir: string;
  intervalMinutes: number;
  /** How many of the newest copies to keep. */
  keep: number;
  logger: Logger;
  now?: () => Date;
}

export interface BackupSchedule {
  /** Sets the timer: the first backup is due an interval after the newest copy in `dir` (at once if none). */
  start(): void;
  /** Takes one backup now and prunes old ones; failures are logged, never thrown. */
  tick(): Promise<BackupResult | undefined>;
  /** Clears the timer and stops a backup in progress. */
  stop(): Promise<void>;
}

const NAME = /^bangkom-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})Z\.sqlite$/;

/** `bangkom-2026-11-30T01-00-00.000Z.sqlite`: sorts by time, and is a valid file name everywhere. */
export const backupFileName = (at: Date) => `bangkom-${at.toISOString().replace(/:/g, '-')}.sqlite`;

/** Scheduled copies in `dir`, oldest first, with the time in their name. */
export function listBackups(dir: string): { file: string; at: Date }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((file) => ({ file, match: NAME.exec(file) }))
    .filter((f): f is { file: string; match: RegExpExecArray } => f.match !== null)
    .map(({ file, match: [, day, h, m, s, ms] }) => ({ file, at: new Date(`${day}T${h}:${m}:${s}.${ms}Z`) }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Backups every `intervalMinutes` into `dir`, keeping the newest `keep`. */
export function createBackupSchedule(options: BackupScheduleOptions): BackupSchedule {
  const { databasePath, keep, now = () => new Date() } = options;
  const dir = resolve(options.dir);
  const logger = options.logger.child({ job: 'backup' });
  const intervalMs = options.intervalMinutes * 60_000;
  const aborter = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<BackupResult | undefined> | undefined;
  let stopped = false;

  /** Deletes `files` in `dir`; returns those it could, and logs the rest. */
  const remove = (files: string[], what: string) =>
    files.filter((file) => {
      try {
        rmSync(join(dir, file), { force: true });
        return true;
      } catch (err) {
        logger.warn({ err, file }, `could not delete ${what}`);
        return false;
      }
    });

  const prune = () => remove(listBackups(dir).slice(0, -keep).map((b) => b.file), 'an old backup');

  const removeLeftovers = () => {
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((f) => isPartialBackup(f, 'bangkom-'));
    } catch {
      return; // no directory yet
    }
    const removed = remove(names, 'a partial backup');
    if (removed.length) logger.info({ files: removed }, 'removed partial backups left by an earlier process');
  };

  const backup = async () => {
    const target = join(dir, backupFileName(now()));
    try {
      mkdirSync(dir, { recursive: true });
      const result = await backupDatabase(databasePath, target, { signal: aborter.signal });
      const deleted = prune();
      logger.info({ file: result.path, bytes: result.bytes, ms: Math.round(result.ms), integrity: result.integrity, deleted }, 'backup written');
      return result;
    } catch (err) {
      if (aborter.signal.aborted) logger.info({ file: target }, 'backup stopped: the server is stopping');
      else logger.error({ err, file: target }, 'backup failed');
      return undefined;
    }
  };

  const tick = () => {
    if (running) {
      logger.warn('the previous backup is still running; this one is skipped');
      return Promise.resolve(undefined);
    }
    running = backup().finally(() => (running = undefined));
    return running;
  };

  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      void tick().then(() => {
        if (!stopped) schedule(intervalMs);
      });
    }, delayMs);
    timer.unref();
  };

  return {
    start() {
      removeLeftovers();
      // Counted from the newest copy, so frequent restarts do not postpone backups forever.
      const newest = listBackups(dir).at(-1);
      const due = newest ? newest.at.getTime() + intervalMs - now().getTime() : 0;
      const delayMs = Math.min(Math.max(due, 0), intervalMs);
      schedule(delayMs);
      logger.info({ dir, intervalMinutes: options.intervalMinutes, keep, firstInMinutes: Math.round(delayMs / 60_000) }, 'scheduled backups on');
    },
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      aborter.abort();
      await running;
    },
  };
}
