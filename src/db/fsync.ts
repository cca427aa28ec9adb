import { closeSync, fsyncSync, openSync } from 'node:fs';

function fsyncPath(path: string, flags: string) {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a file's bytes to disk before it is renamed into place. */
export const syncFile = (path: string) => fsyncPath(path, 'r+');

/** Makes a rename durable where a directory can be opened (not on every platform). */
export function syncDirectory(path: string) {
  try {
    fsyncPath(path, 'r');
  } catch {
    // The rename happened; only its durability on power loss is weaker.
  }
}
