import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Files about one SQLite file shared by processes (backups, crashes, the
 * cluster, worker threads), which PGlite, living in one process, cannot
 * play: they run on SQLite, and where they apply, on a PostgreSQL server.
 */
const ONE_PROCESS_ENGINE_EXCLUDES = [
  'test/hardening/crash-safety.test.ts',
  'test/hardening/cluster.test.ts',
  'test/hardening/graceful-stop.test.ts',
  'test/hardening/two-processes.test.ts',
  'test/hardening/webhook-crash.test.ts',
  'test/hardening/webhook-two-processes.test.ts',
  'test/platform/backup.test.ts',
  'test/platform/backup-schedule.test.ts',
  'test/platform/build-if-stale.test.ts',
  'test/platform/token-cli.test.ts',
  'test/platform/read-pool.test.ts',
  'test/platform/executors.test.ts',
  'test/performance/seed-scale.test.ts',
];

/**
 * `npm test` runs the suite on SQLite (with the PostgreSQL engine's own tests
 * on PGlite). `npm run test:engines` (TEST_ENGINES=all) runs it on PGlite too,
 * and on a PostgreSQL server when TEST_POSTGRES_URL names one: not yet in
 * `npm test`, since the whole PGlite run still stalls part-way (see the
 * issue's note). TEST_DATABASE set outside picks one engine for a run of its own.
 */
const chosen = process.env.TEST_DATABASE;
const engines = chosen
  ? [{ name: chosen.startsWith('pglite') ? 'pglite' : chosen.startsWith('postgres') ? 'postgres' : 'sqlite', env: { TEST_DATABASE: chosen }, exclude: chosen.startsWith('pglite') ? ONE_PROCESS_ENGINE_EXCLUDES : [] }]
  : [
      { name: 'sqlite', env: { TEST_DATABASE: '' }, exclude: [] as string[] },
      ...(process.env.TEST_ENGINES === 'all' ? [{ name: 'pglite', env: { TEST_DATABASE: 'pglite:memory' }, exclude: ONE_PROCESS_ENGINE_EXCLUDES }] : []),
      ...(process.env.TEST_ENGINES === 'all' && process.env.TEST_POSTGRES_URL ? [{ name: 'postgres', env: { TEST_DATABASE: process.env.TEST_POSTGRES_URL }, exclude: [] }] : []),
    ];

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
