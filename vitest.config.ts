import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 has no exports map: Node (and so production) loads its CommonJS build, but Vite
    // would pick the ESM one via "module" for source files, giving two graphql instances next to
    // CommonJS dependencies (@apollo/subgraph, federation-internals) — "another module or realm".
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql', { paths: [require.resolve('@plaza/gateway')] }) }],
  },
  test: {
    setupFiles: ['packages/testkit/src/vitest-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // No database and no servers: files share their workers' modules instead of importing
          // the world again each (204 tests: 46 s isolated, 10 s shared). Files that fake timers
          // restore them after each test.
          isolate: false,
          // Unit tests need no database: they run first, on their own.
          sequence: { groupOrder: 0 },
          include: ['packages/*/src/**/*.test.ts', 'subgraphs/*/src/**/*.test.ts', 'gateway/src/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: [
            'packages/*/test/**/*.test.ts',
            'subgraphs/*/test/**/*.test.ts',
            'gateway/test/**/*.test.ts',
            'prisma/test/**/*.test.ts',
          ],
          // Builds each subgraph's migrated template database once, names the run, cleans up after it.
          globalSetup: ['packages/testkit/src/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each worker keeps its modules between files, so the stack a worker starts
          // (sharedTestStack) serves every file it runs: tenancy isolates the tests. Tests spend
          // much of their time waiting on events and sockets, so one worker more than the 2 cores
          // of CI's machine is faster (PostgreSQL pass 214 s with 3, 254 s with 2, 222 s with 4).
          maxWorkers: 3,
          fileParallelism: true,
          isolate: false,
        },
      },
    ],
  },
});
