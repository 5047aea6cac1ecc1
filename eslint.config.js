// Lint with zero warnings (`npm run lint`). Layer rules: what each runtime folder may import.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'url'];

/**
 * A bare package name ('electron', 'fs') is matched as a module specifier, not as a gitignore pattern:
 * the pattern 'electron' would also match any relative path with an `electron/` segment, such as the
 * renderer's own `../../../electron/shared/...` imports.
 * @param {string | string[]} pattern (a list: one gitignore-style group, `!` excepting) @param {string} why
 */
const toRestriction = (pattern, why) =>
  Array.isArray(pattern)
    ? { group: pattern, message: why }
    : /^[a-z@][\w.-]*$/i.test(pattern)
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

/** Tests and test doubles of a runtime folder: the folder's layer rule, but they may use research code and doubles. */
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/testing/**'];

/**
 * What ships never imports what makes the shipped model (training/), what measures the product
 * (evaluation/), or test doubles (any testing/ folder).
 */
const RESEARCH = ['**/training/**', '**/evaluation/**', '**/testing/**'];
const RESEARCH_WHY = 'runtime code never imports training/, evaluation/ or a testing/ folder (tests may).';
/**
 * electron/understand has one entry; the rest of the product goes through it. workers/understand (the
 * understanding thread's entry and API, which the core's pool imports) is another folder of that name.
 */
const UNDERSTAND_ENTRY = {
  group: ['**/understand/**', '!**/understand/index.js', '!**/workers/understand/**'],
  message: 'import electron/understand through its entry, understand/index.js.',
};

/**
 * One runtime folder's layer rule, twice: product files also may not import research code or test
 * doubles; the folder's tests and testing/ helpers may. (Flat config does not merge two settings of one
 * rule for a file, so the research patterns are part of the product files' own rule.)
 * @param {string[]} files @param {string[]} patterns @param {string} why @param {string[]} [typeOnly] @param {string[]} [alsoIgnore]
 * @param {string[]} [testPatterns] what the folder's tests may not import (default: the same as its product files)
 */
const layer = (files, patterns, why, typeOnly = [], alsoIgnore = [], testPatterns = patterns) => [
  {
    files,
    ignores: [...TEST_FILES, ...alsoIgnore],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...patterns.map((pattern) => toRestriction(pattern, why)),
            ...typeOnly.map((group) => ({ group: [group], message: `${why} (types only)`, allowTypeImports: true })),
            ...RESEARCH.map((group) => ({ group: [group], message: RESEARCH_WHY })),
            UNDERSTAND_ENTRY,
          ],
        },
      ],
    },
  },
  {
    files: files.flatMap((f) => TEST_FILES.map((t) => `${f.replace(/\/\*\*$/, '')}/${t}`)),
    rules: forbid(testPatterns, why, typeOnly),
  },
];

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
  ...layer(
    ['electron/shared/**'],
    [...nodeBuiltins, 'electron', 'better-sqlite3', '**/core/**', '**/understand/**', '**/workers/**', 'react'],
    'electron/shared runs anywhere: no Node, no electron, no DOM, no core.',
  ),
  ...layer(
    ['electron/understand/**'],
    [
      ...nodeBuiltins,
      'electron',
      'better-sqlite3',
      'react',
      '**/core/**',
      '**/workers/**',
      '**/cli/**',
      '**/server/**',
      '**/main/**',
      '**/preload/**',
      '**/renderer/**',
    ],
    'electron/understand is a pure library (core and threads import it): no Node, no I/O, no engine.',
    [],
    [],
    // Its tests read the shipped model from disk.
    ['electron', 'better-sqlite3', '**/cli/**', '**/server/**', '**/main/**', '**/preload/**', '**/renderer/**'],
  ),
  ...layer(
    ['electron/core/**'],
    ['electron', 'electron/*', '**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**', '**/server/**'],
    'electron/core is a Node library: never electron, never a shell.',
  ),
  ...layer(
    ['workers/**'],
    ['electron', 'better-sqlite3', 'sqlite-vec', '**/core/**'],
    'workers compute: no SQLite, no electron, no core.',
  ),
  ...layer(
    ['renderer/**'],
    [
      ...nodeBuiltins,
      'electron',
      'better-sqlite3',
      '**/core/**',
      '**/understand/**',
      '**/workers/**',
      '**/main/**',
      '**/server/**',
      '**/cli/**',
    ],
    'the renderer imports electron/shared only.',
    // The preload's bridge.ts (the shape of window.docpipe) may be imported for its types, nothing more.
    ['**/preload/**'],
    ['renderer/vite.config.ts'],
  ),
  {
    files: ['renderer/vite.config.ts'],
    // The renderer's build config runs in Node at build time, never in the page; it still may not reach into the engine.
    rules: forbid(
      ['electron', 'better-sqlite3', '**/core/**', '**/workers/**'],
      'a build config needs no engine code.',
    ),
  },
  ...layer(
    ['electron/cli/**'],
    ['electron', 'electron/*', '**/main/**', '**/preload/**', '**/renderer/**'],
    'electron/cli is a Node shell over the core: never electron, never the renderer.',
  ),
  ...layer(
    ['electron/server/**'],
    ['electron', 'electron/*', '**/main/**', '**/preload/**', '**/renderer/**'],
    'electron/server is a Node shell over the core: never electron, never another shell.',
  ),
  ...layer(
    ['electron/main/**'],
    // The one server the app runs: the address remote workers fetch documents from (no UI behind it).
    ['**/renderer/**', '**/workers/*/**', ['**/server/**', '!**/server/workerServer.js'], '**/cli/**'],
    'electron/main talks to the renderer over the typed IPC only, and runs no other shell.',
  ),
  ...layer(
    ['electron/preload/**'],
    [...nodeBuiltins, 'better-sqlite3', '**/core/**', '**/workers/**', '**/renderer/**', '**/main/**'],
    'the sandboxed preload can require only electron: it exposes the contract and nothing else.',
  ),
);
