import { opendir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { isSkippedName } from '../../shared/files/skippedNames.js';

export interface WalkOptions {
  /** Include names starting with a dot. Default false. */
  includeHidden: boolean;
  /** Globs (picomatch, matched against the path relative to the walked root and the base name) to skip. */
  ignore: readonly string[];
}

export type WalkEntry =
  { kind: 'file'; path: string; stats: Stats } | { kind: 'error'; path: string; error: NodeJS.ErrnoException };

/**
 * Walks a folder recursively, following symlinks but never into a directory it has already visited
 * (by device + inode), so a link loop ends. Unreadable folders and entries are yielded as errors and
 * the walk goes on.
 */
export async function* walkFolder(root: string, options: WalkOptions): AsyncGenerator<WalkEntry> {
  const matchers = options.ignore.length > 0 ? picomatch(options.ignore as string[], { dot: true }) : null;
  const visited = new Set<string>();

  async function* visit(dir: string): AsyncGenerator<WalkEntry> {
    let dirStats: Stats;
    try {
      dirStats = await stat(dir);
    } catch (error) {
      yield { kind: 'error', path: dir, error: error as NodeJS.ErrnoException };
      return;
    }
    const key = `${dirStats.dev}:${dirStats.ino}`;
    if (visited.has(key)) return;
    visited.add(key);

    let handle;
    try {
      handle = await opendir(dir);
    } catch (error) {
      yield { kind: 'error', path: dir, error: error as NodeJS.ErrnoException };
      return;
    }
    const children: string[] = [];
    for await (const entry of handle) {
      if (isSkippedName(entry.name, options.includeHidden)) continue;
      children.push(entry.name);
    }
    children.sort();
    for (const name of children) {
      const path = join(dir, name);
      if (matchers) {
        const rel = relative(root, path).split(sep).join('/');
        if (matchers(rel) || matchers(name)) continue;
      }
      let stats: Stats;
      try {
        stats = await stat(path); // follows symlinks
      } catch (error) {
        yield { kind: 'error', path, error: error as NodeJS.ErrnoException };
        continue;
      }
      if (stats.isDirectory()) yield* visit(path);
      else if (stats.isFile()) yield { kind: 'file', path, stats };
      // sockets, fifos, devices: not documents
    }
  }

  yield* visit(root);
}
