// Lint with zero warnings (`npm run lint`). Layer rules: what each runtime folder may import.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'url'];

/** @param {string[]} patterns @param {string} why */
const forbid = (patterns, why) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message: why })) }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'resources/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: ['electron/shared/**'],
    rules: forbid([...nodeBuiltins, 'electron', 'better-sqlite3', '**/core/**', '**/workers/**', 'react'], 'electron/shared runs anywhere: no Node, no electron, no DOM, no core.'),
  },
  {
    files: ['electron/core/**'],
    rules: forbid(['electron', 'electron/*', '**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**', '**/server/**'], 'electron/core is a Node library: never electron, never a shell.'),
  },
  {
    files: ['workers/**'],
    rules: forbid(['electron', 'better-sqlite3', 'sqlite-vec', '**/core/**'], 'workers compute: no SQLite, no electron, no core.'),
  },
  {
    files: ['renderer/**'],
    rules: forbid([...nodeBuiltins, 'electron', 'better-sqlite3', '**/core/**', '**/workers/**'], 'the renderer imports electron/shared only.'),
  },
);
