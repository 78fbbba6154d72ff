// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Type-aware lint for every TypeScript file of the workspace (each package's tsconfig.json,
 * found by typescript-eslint's project service). Generated code is not linted. Formatting is
 * Prettier's job (`pnpm format:check`), so no stylistic rules here.
 */
export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/generated/**',
      '**/test/graphql/**',
      'packages/testkit/src/graphql/**',
      '**/dist/**',
      '.data/**',
      '.turbo/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['prisma/bin/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its error; `void` says the fire-and-forget is meant.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/only-throw-error': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
      // An async function without await still returns a promise, as an interface may require.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Command-line tools and benchmarks report on stdout.
    files: ['**/bin/**', '**/*-cli.ts', 'bench/**', 'packages/stack/src/main.ts', 'prisma/src/cli.ts', '**/test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Vitest's asymmetric matchers (`expect.any`, `expect.objectContaining`) are typed `any`.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
);
