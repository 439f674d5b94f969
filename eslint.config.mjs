// One lint configuration for every workspace.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'infra/kafka/**',
      '.data/**',
      'apps/*/src/gql/**',
      'services/*/src/resolvers/generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Configuration is read in one validated module per service (src/config.ts).
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config.ts' },
      ],
    },
  },
  {
    // Promises are awaited, returned or marked `void` with a reason; none is passed where a
    // callback's result is ignored. Type-aware: each file is read with its workspace's tsconfig.json.
    files: ['**/*.ts', '**/*.tsx'],
    // The code generator's configurations are outside the workspaces' tsconfig.json (and hold no
    // promises).
    ignores: ['**/codegen.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Domain code is pure: of the repository's packages it imports only @jobcenter/kernel (no
    // Apollo, Express, Kafka or TypeORM behind a package's index), and no library that does I/O.
    files: ['services/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@jobcenter/(?!kernel$)',
              message: 'Domain code imports only @jobcenter/kernel (docs/architecture.md).',
            },
            {
              group: ['typeorm', 'kafkajs', 'pg', 'graphql', '@apollo/*', 'express', 'node:*'],
              message: 'Domain code does no I/O and knows nothing of GraphQL.',
            },
          ],
        },
      ],
    },
  },
  {
    // A service's SQL is in its repositories (and its migrations): use cases, resolvers, event
    // handlers and demo data call repository methods (docs/architecture.md, "A service").
    files: ['services/*/src/**/*.ts'],
    ignores: ['services/*/src/repositories/**', 'services/*/src/migrations/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='query']",
          message: 'SQL belongs in a repository (src/repositories/), or in a migration.',
        },
      ],
    },
  },
  {
    // The dashboard's page runs in the browser; its server (apps/dashboard/server) in Node.
    files: ['apps/dashboard/src/**/*.{ts,tsx}', 'apps/dashboard/test/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: [
      '**/config.ts',
      '**/test/**',
      'infra/local/**',
      'scripts/**',
      'bench/**',
      '**/cli/**',
      'packages/config/src/**',
      'packages/testing/src/**',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);
