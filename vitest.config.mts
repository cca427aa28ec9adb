import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Features of the SQLite engine alone: worker threads reading the database
 * file (on PostgreSQL the server does the heavy reading: READ_WORKERS is 0)
 * and backups of the file. They run in the sqlite project only.
 */
const SQLITE_FEATURE_FILES = [
  'test/platform/read-pool.api.test.ts',
  'test/platform/read-pool.test.ts',
  'test/platform/backup.test.ts',
  'test/platform/backup-schedule.test.ts',
];

/**
 * Files about processes sharing one database (crashes, the cluster, two
 * nodes, child servers and CLIs), which PGlite, living in one process,
 * cannot play: they run on SQLite and on a PostgreSQL server.
 */
const SEVERAL_PROCESS_FILES = [
  'test/hardening/crash-safety.test.ts',
  'test/hardening/cluster.test.ts',
  'test/hardening/graceful-stop.test.ts',
  'test/hardening/two-processes.test.ts',
  'test/hardening/webhook-crash.test.ts',
  'test/hardening/webhook-two-processes.test.ts',
  'test/platform/build-if-stale.test.ts',
  'test/platform/token-cli.test.ts',
  'test/platform/executors.test.ts',
  'test/performance/seed-scale.test.ts',
];

type Engine = 'sqlite' | 'pglite' | 'postgres';
const EXCLUDED: Record<Engine, string[]> = {
  sqlite: [],
  pglite: [...SQLITE_FEATURE_FILES, ...SEVERAL_PROCESS_FILES],
  postgres: SQLITE_FEATURE_FILES,
};
const engineOf = (url: string): Engine => (url.startsWith('pglite') ? 'pglite' : url.startsWith('postgres') ? 'postgres' : 'sqlite');

/**
 * `npm test` runs the suite on SQLite and on PGlite, in process, and on a
 * PostgreSQL server too when TEST_POSTGRES_URL names one (CI starts one with
 * .ci/postgres.sh). TEST_DATABASE (a path, `pglite:memory` or a postgres://
 * URL) runs it on that one engine alone.
 */
const chosen = process.env.TEST_DATABASE;
const databases = chosen !== undefined ? [chosen] : ['', 'pglite:memory', ...(process.env.TEST_POSTGRES_URL ? [process.env.TEST_POSTGRES_URL] : [])];
const engines = databases.map((url) => ({ name: engineOf(url), env: { TEST_DATABASE: url }, exclude: EXCLUDED[engineOf(url)] }));

export default defineConfig({
  resolve: {
    // One copy of graphql: type-graphql loads the CommonJS build, so must everything else.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    setupFiles: ['test/support/setup.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: engines.map(({ name, env, exclude }) => ({
      extends: true,
      test: { name, env, include: ['test/**/*.test.ts'], exclude: ['**/node_modules/**', ...exclude] },
    })),
  },
});
