// Compiles docpipe's TypeScript runtime (electron/ minus the Electron shell, workers/, and evaluation/ for `docpipe eval`) to JavaScript
// once, into node_modules/.cache/docpipe/<key>/ with the same folder layout, and returns that folder.
// `<key>` hashes every source file's path, size and mtime (and this file's, and esbuild's version):
// an edit makes a new folder, so a stale copy is never run. Why not compile on the fly with module
// hooks in every thread (bin/ts-hooks.mjs, still the fallback)? Node 20 runs hooks in an extra
// thread per worker thread, plus an esbuild service each: measured ~25 MB per thread and 0.8 s per
// CLI start (ingest of one text file: 220 -> 147 MB peak, 1.5 -> 0.7 s).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Folders compiled, and the ones inside them left out (the Electron shell is built by electron-vite). */
const ROOTS = ['electron', 'workers', 'evaluation'];
const SKIP = new Set(['electron/main', 'electron/preload', 'node_modules', 'fixtures', 'testing']);

function sources(root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(root, path).split('\\').join('/');
      if (entry.isDirectory()) {
        if (!SKIP.has(rel) && !SKIP.has(entry.name) && !entry.name.startsWith('.')) walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) {
        files.push(rel);
      }
    }
  };
  for (const folder of ROOTS) walk(join(root, folder));
  return files.sort();
}

/**
 * The folder of compiled JavaScript for the sources as they are now, building it when missing.
 * Concurrent callers are safe: each builds into its own temporary folder and renames it into place;
 * the loser of the race uses the winner's.
 */
export async function compiledRuntime(root) {
  const { build, version } = await import('esbuild');
  const files = sources(root);
  const hash = createHash('sha256').update(`${version}\n${process.version}\n`);
  for (const rel of [...files, 'bin/compile.mjs']) {
    const info = statSync(join(root, rel));
    hash.update(`${rel}\0${info.size}\0${info.mtimeMs}\n`);
  }
  const cache = join(root, 'node_modules', '.cache', 'docpipe');
  const key = hash.digest('hex').slice(0, 16);
  const out = join(cache, key);
  if (existsSync(join(out, '.complete'))) {
    const now = new Date();
    utimesSync(out, now, now); // marks it used, for pruning
    return out;
  }
  mkdirSync(cache, { recursive: true });
  const tmp = join(cache, `${key}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  await build({
    entryPoints: files.map((rel) => join(root, rel)),
    outdir: tmp,
    outbase: root,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'silent',
  });
  writeFileSync(join(tmp, '.complete'), `${files.length} files\n`);
  try {
    renameSync(tmp, out);
  } catch {
    // Another process put the same build there first.
    rmSync(tmp, { recursive: true, force: true });
  }
  prune(cache, key);
  return out;
}

/** Removes builds unused for a day (a long-running `docpipe serve` may still start workers from one). */
function prune(cache, keep) {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(cache)) {
    if (name === keep) continue;
    const path = join(cache, name);
    try {
      if (statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
}
