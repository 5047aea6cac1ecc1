// Lint with zero warnings (`npm run lint`). Layer rules: what each runtime folder may import.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'url'];

/**
 * A bare package name ('electron', 'fs') is matched as a module specifier, not as a gitignore pattern:
 * the pattern 'electron' would also match any relative path with an `electron/` segment, such as the
 * renderer's own `../../../electron/shared/...` imports.
 * @param {string} pattern @param {string} why
 */
const toRestriction = (pattern, why) =>
  /^[a-z@][\w.-]*$/i.test(pattern)
    ? { regex: `^${pattern.replace(/[.]/g, '\\.')}(/.*)?$`, message: why }
    : { group: [pattern], message: why };

/** @param {string[]} patterns @param {string} why @param {string[]} [typeOnly] patterns that may be imported with `import type` only */
const forbid = (patterns, why, typeOnly = []) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...patterns.map((pattern) => toRestriction(pattern, why)),
        ...typeOnly.map((group) => ({ group: [group], message: `${why} (types only)`, allowTypeImports: true })),
      ],
    },
  ],
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
    // The preload's bridge.ts (the shape of window.docpipe) may be imported for its types, nothing more.
    rules: forbid([...nodeBuiltins, 'electron', 'better-sqlite3', '**/core/**', '**/workers/**', '**/main/**', '**/server/**', '**/cli/**'], 'the renderer imports electron/shared only.', ['**/preload/**']),
  },
  {
    files: ['renderer/vite.config.ts'],
    // The renderer's build config runs in Node at build time, never in the page; it still may not reach into the engine.
    rules: forbid(['electron', 'better-sqlite3', '**/core/**', '**/workers/**'], 'a build config needs no engine code.'),
  },
  {
    files: ['electron/server/**'],
    rules: forbid(['electron', 'electron/*', '**/main/**', '**/preload/**', '**/renderer/**'], 'electron/server is a Node shell over the core: never electron, never another shell.'),
  },
  {
    files: ['electron/main/**'],
    rules: forbid(['**/renderer/**', '**/workers/*/**', '**/server/**', '**/cli/**'], 'electron/main talks to the renderer over the typed IPC only, and runs no other shell.'),
  },
  {
    files: ['electron/preload/**'],
    rules: forbid([...nodeBuiltins, 'better-sqlite3', '**/core/**', '**/workers/**', '**/renderer/**', '**/main/**'], 'the sandboxed preload can require only electron: it exposes the contract and nothing else.'),
  },
);
