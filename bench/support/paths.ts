import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, whether the benches run from source (tests) or compiled into dist-bench/. */
export const REPO_ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the benches');
    dir = parent;
  }
  return dir;
})();
