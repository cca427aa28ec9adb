import { packageRoot } from '../../src/core/package-root';

/** The repository root, whether the benches run from source (tests) or compiled into dist-bench/. */
export const REPO_ROOT = packageRoot(__dirname);
