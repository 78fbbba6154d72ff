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
  // Two projects: `unit` needs no database; `integration` starts real servers on real databases
  // (PGlite by default, PostgreSQL when DATABASE_URL or PLAZA_TEST_DB=postgres).
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
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
          include: ['packages/*/test/**/*.test.ts', 'subgraphs/*/test/**/*.test.ts', 'gateway/test/**/*.test.ts', 'prisma/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts its own stack; two at a time matches the 2 cores CI has.
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
    ],
  },
});
