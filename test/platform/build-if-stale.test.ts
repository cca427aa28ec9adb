import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** A project whose "tsc" only counts its runs, so the test sees when the script builds. */
function fakeProject() {
  const root = mkdtempSync(join(tmpdir(), 'bangkom-build-'));
  mkdirSync(join(root, 'src'));
  mkdirSync(join(root, 'dist'));
  mkdirSync(join(root, 'node_modules/typescript/bin'), { recursive: true });
  writeFileSync(join(root, 'src/main.ts'), 'export {};\n');
  writeFileSync(join(root, 'tsconfig.json'), '{}\n');
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  writeFileSync(join(root, 'node_modules/typescript/bin/tsc'), `require('node:fs').appendFileSync(${JSON.stringify(join(root, 'builds.log'))}, 'build\\n');\n`);
  return root;
}

const run = (root: string) => execFileSync(process.execPath, [join(__dirname, '../../scripts/build-if-stale.mjs'), root], { encoding: 'utf8' });
const builds = (root: string) => (existsSync(join(root, 'builds.log')) ? readFileSync(join(root, 'builds.log'), 'utf8').split('\n').filter(Boolean).length : 0);
/** As if `path` was saved after the last build: the stamp goes 10 s back, the file 5 s. */
const changedSinceBuild = (root: string, path: string) => {
  const ago = (s: number) => new Date(Date.now() - s * 1000);
  utimesSync(join(root, 'dist/.build-stamp'), ago(10), ago(10));
  utimesSync(path, ago(5), ago(5));
};

describe('npm start / npm run token build only when dist/ is stale', () => {
  it('builds the first time, not again while sources are unchanged, and again after a source changes', () => {
    const root = fakeProject();
    run(root);
    expect(builds(root)).toBe(1);
    run(root);
    run(root);
    expect(builds(root)).toBe(1);
    changedSinceBuild(root, join(root, 'src/main.ts'));
    run(root);
    expect(builds(root)).toBe(2);
    run(root);
    expect(builds(root)).toBe(2);
  });

  it('rebuilds when a file is removed (its folder changes) or the lock file changes', () => {
    const root = fakeProject();
    run(root);
    rmSync(join(root, 'src/main.ts'));
    changedSinceBuild(root, join(root, 'src'));
    run(root);
    expect(builds(root)).toBe(2);
    changedSinceBuild(root, join(root, 'package-lock.json'));
    run(root);
    expect(builds(root)).toBe(3);
  });
});
