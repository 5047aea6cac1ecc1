#!/usr/bin/env node
// Fails when a product module (electron/, workers/, renderer/; tests and testing/ folders apart) is
// imported by nothing that a shell starts: the CLI, the Electron main process and preload, the
// renderer, and the worker threads' entries. Wire it or delete it. Run by `npm run lint`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const PRODUCT = ['electron', 'workers', 'renderer'];
const SKIP = new Set(['node_modules', 'out', 'fixtures', 'testing', 'types']);
const SOURCE = /\.(?:ts|tsx|mts|mjs|js)$/;
// Static and dynamic imports, re-exports, and worker entries named by URL (new URL('./x.worker.js', import.meta.url)).
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|new URL\(\s*)(['"`])(\.{1,2}\/[^'"`\n$]+)/g;

/** What the shells start: from here every product module must be reachable. */
const ENTRIES = [
  'electron/cli/main.ts',
  'electron/main/index.ts',
  'electron/preload/index.ts',
  'renderer/src/main.tsx',
  'renderer/vite.config.ts',
];

function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveSpecifier(from, specifier) {
  const base = resolve(dirname(from), specifier);
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
    base.replace(/\.mjs$/, '.mts'),
  ];
  return candidates.find((c) => existsSync(c) && SOURCE.test(c)) ?? null;
}

const product = PRODUCT.flatMap((room) => sourceFiles(join(root, room)));
// Worker entries are started by file name (their pool names them by URL, or a build config does).
const entries = [
  ...ENTRIES.map((e) => join(root, e)),
  ...product.filter((f) => /\.worker\.tsx?$/.test(f) || f.endsWith('/boot.mjs')),
];
const reached = new Set();
const todo = entries.filter((e) => existsSync(e));
while (todo.length > 0) {
  const file = todo.pop();
  if (reached.has(file)) continue;
  reached.add(file);
  for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
    const target = resolveSpecifier(file, match[2]);
    if (target && !reached.has(target)) todo.push(target);
  }
}

const unreachable = product.filter((f) => !reached.has(f));
if (unreachable.length === 0) {
  console.log(`reachable: all ${product.length} product modules`);
} else {
  for (const file of unreachable)
    console.error(`unreachable: ${relative(root, file)} (no shell reaches it: wire it or delete it)`);
  process.exit(1);
}
