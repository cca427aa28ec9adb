import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { syncDirectory, syncFile } from './fsync';

export interface BackupResult {
  /** Absolute path of the finished copy. */
  path: string;
  bytes: number;
  ms: number;
  /** `PRAGMA integrity_check` of the copy: `ok`, or what SQLite found. */
  integrity: string;
}

export interface BackupProgress {
  phase: 'copy' | 'check';
  bytesWritten: number;
  /** The source's used pages in bytes: about the size of the copy. */
  bytesExpected: number;
}

export interface BackupOptions {
  /** Replace an existing file at the target path. */
  force?: boolean;
  onProgress?: (progress: BackupProgress) => void;
  progressEveryMs?: number;
  /** Aborting stops the copy and removes the partial file. */
  signal?: AbortSignal;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

/**
 * `VACUUM INTO` reads the whole database in one read transaction: the copy is the
 * state at its start, never restarted by the server's commits, and never blocks
 * them (WAL). It runs in a worker thread so the server's event loop stays free;
 * the integrity check of the copy runs there too. Plain JavaScript, so it loads the
 * same under tsc output, tsx and vitest.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Sqlite = require(workerData.driver);
const source = new Sqlite(workerData.source, { readonly: true, fileMustExist: true, timeout: 5000 });
try {
  const page = source.pragma('page_size', { simple: true });
  const used = source.pragma('page_count', { simple: true }) - source.pragma('freelist_count', { simple: true });
  parentPort.postMessage({ expectedBytes: page * used });
  source.prepare('VACUUM INTO ?').run(workerData.target);
} finally {
  source.close();
}
parentPort.postMessage({ phase: 'check' });
const copy = new Sqlite(workerData.target, { readonly: true, fileMustExist: true });
try {
  const rows = copy.pragma('integrity_check(20)', { simple: false }).map((r) => r.integrity_check);
  parentPort.postMessage({ integrity: rows.join('; ') });
} finally {
  copy.close();
}
`;

/** The copy is written beside its target under this name, then renamed: a reader never sees half of it. */
const partialPath = (target: string) => join(dirname(target), `.${basename(target)}.partial-${process.pid}-${Date.now()}`);

/** A file a backup killed with its process left behind (with SQLite's journal of it). */
export const isPartialBackup = (fileName: string, of: string) => fileName.startsWith(`.${of}`) && /\.partial-\d+-\d+(-journal)?$/.test(fileName);

/** The SQLite file at `sourcePath`, copied consistently to `targetPath` while others may be writing to it. */
export async function backupDatabase(sourcePath: string, targetPath: string, options: BackupOptions = {}): Promise<BackupResult> {
  if (sourcePath === ':memory:') throw new BackupError('An in-memory database has no file to back up');
  const source = resolve(sourcePath);
  const target = resolve(targetPath);
  if (!existsSync(source)) throw new BackupError(`No database at ${source}`);
  if (source === target) throw new BackupError('The backup cannot replace the database itself');
  if (!options.force && existsSync(target)) throw new BackupError(`${target} exists; pass --force to replace it`);
  mkdirSync(dirname(target), { recursive: true });

  const partial = partialPath(target);
  const started = performance.now();
  try {
    const integrity = await runWorker(source, partial, options);
    if (integrity !== 'ok') throw new BackupError(`The copy failed its integrity check: ${integrity}`);
    syncFile(partial);
    if (!options.force && existsSync(target)) throw new BackupError(`${target} appeared during the backup; pass --force to replace it`);
    renameSync(partial, target);
    syncDirectory(dirname(target));
    return { path: target, bytes: statSync(target).size, ms: performance.now() - started, integrity };
  } finally {
    for (const leftover of [partial, `${partial}-journal`]) rmSync(leftover, { force: true });
  }
}

function runWorker(source: string, target: string, options: BackupOptions): Promise<string> {
  const { onProgress, progressEveryMs = 500, signal } = options;
  if (signal?.aborted) return Promise.reject(new BackupError('Backup aborted'));
  return new Promise<string>((resolvePromise, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), source, target } });
    let progress: BackupProgress = { phase: 'copy', bytesWritten: 0, bytesExpected: 0 };
    let integrity: string | undefined;
    let failure: Error | undefined;
    const report = () => {
      const bytesWritten = progress.phase === 'copy' && existsSync(target) ? statSync(target).size : progress.bytesWritten;
      progress = { ...progress, bytesWritten };
      onProgress?.(progress);
    };
    const ticker = onProgress ? setInterval(report, progressEveryMs) : undefined;
    const abort = () => {
      failure = new BackupError('Backup aborted');
      void worker.terminate();
    };
    signal?.addEventListener('abort', abort, { once: true });

    worker.on('message', (message: { expectedBytes?: number; phase?: 'check'; integrity?: string }) => {
      if (message.expectedBytes !== undefined) progress = { ...progress, bytesExpected: message.expectedBytes };
      if (message.phase === 'check') {
        const bytesWritten = existsSync(target) ? statSync(target).size : 0;
        progress = { ...progress, phase: 'check', bytesWritten };
        onProgress?.(progress);
      }
      if (message.integrity !== undefined) integrity = message.integrity;
    });
    worker.on('error', (error) => (failure ??= error));
    worker.on('exit', () => {
      clearInterval(ticker);
      signal?.removeEventListener('abort', abort);
      if (failure) reject(failure);
      else if (integrity === undefined) reject(new BackupError('The backup worker stopped before it finished'));
      else resolvePromise(integrity);
    });
  });
}
