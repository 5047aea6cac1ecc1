/**
 * docpipe's package folder (the one holding its package.json), found by walking up from a module's
 * URL. The same answer from the TypeScript sources (electron/core/…) and from the compiled copy the
 * CLI runs (node_modules/.cache/docpipe/<key>/electron/core/…, see bin/compile.mjs), so resources/
 * and out/ are found from either; a fixed '../../' would only be right for one of them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(from: string | URL = import.meta.url): string {
  let dir = dirname(typeof from === 'string' && !from.startsWith('file:') ? from : fileURLToPath(from));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isDocpipe(manifest)) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`docpipe's package.json was not found above ${String(from)}`);
    dir = parent;
  }
}

function isDocpipe(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'docpipe';
  } catch {
    return false;
  }
}
