import type { KnipConfig } from 'knip';

/**
 * Unused files, dependencies and exports (`pnpm knip`, run by CI). Generated code counts as an
 * entry: what it imports (Prisma's runtime, the context and mapper types codegen wires in) is
 * used, and what it exports is not ours to trim.
 */
const generated = ['src/generated/graphql.ts', 'src/generated/prisma/client.ts', 'test/graphql/index.ts'];

const config: KnipConfig = {
  ignore: ['**/generated/prisma/**'],
  workspaces: {
    '.': { entry: ['codegen.ts', 'eslint.config.js', 'vitest.config.ts', 'knip.config.ts'] },
    'packages/*': {
      entry: [
        'src/index.ts',
        'src/main.ts',
        'src/telemetry.ts',
        'src/global-setup.ts',
        'src/vitest-setup.ts',
        'bin/*.ts',
        'src/graphql/index.ts',
        'test/graphql/index.ts',
      ],
      project: ['src/**/*.ts', 'bin/**/*.ts', 'test/**/*.ts'],
      ignoreDependencies: ['@graphql-typed-document-node/core'],
    },
    'subgraphs/*': {
      entry: ['src/index.ts', 'src/main.ts', ...generated],
      project: ['src/**/*.ts', 'test/**/*.ts'],
      // Imported by the typed test documents codegen writes (test/graphql/graphql.ts), type-only.
      ignoreDependencies: ['@graphql-typed-document-node/core'],
    },
    gateway: {
      entry: ['src/index.ts', 'src/main.ts', 'src/compose-cli.ts', 'src/schema-check-cli.ts', 'test/graphql/index.ts'],
      project: ['src/**/*.ts', 'test/**/*.ts'],
      ignoreDependencies: ['@graphql-typed-document-node/core'],
    },
    prisma: { entry: ['src/index.ts', 'src/cli.ts', 'bin/*.mjs'], project: ['src/**/*.ts', 'test/**/*.ts'] },
    bench: { entry: ['src/run.ts', 'src/subscription-stack.ts'], project: ['src/**/*.ts'] },
  },
};

export default config;
