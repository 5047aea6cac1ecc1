import { readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { ErrorCode, type AppErrorData } from '../../shared/contract/errors.js';
import { isSkippedName } from '../../shared/files/skippedNames.js';

export interface WalkOptions {
  /** Include names starting with a dot. Default false. */
  includeHidden: boolean;
  /** Globs (picomatch, matched against the path relative to the walked root and the base name) to skip. */
  ignore: readonly string[];
}

export type WalkEntry =
  | { kind: 'file'; path: string; stats: Stats }
  | { kind: 'error'; path: string; error: NodeJS.ErrnoException }
  /** A name that is not UTF-8: `path` has U+FFFD for its unreadable bytes, so nothing can open the file by it. */
  | { kind: 'nameNotUtf8'; path: string }
  /** A FIFO, socket or device: not a document, and reading one could block forever. */
  | { kind: 'notFile'; path: string; what: string };

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

    let names: Buffer[];
    try {
      // Names as bytes: decoded as text, a name that is not UTF-8 would become another (U+FFFD for its
      // bytes) that no file has, and fail as "not found" although it is right there.
      names = await readdir(dir, { encoding: 'buffer' });
    } catch (error) {
      yield { kind: 'error', path: dir, error: error as NodeJS.ErrnoException };
      return;
    }
    const children: { name: string; utf8: boolean }[] = [];
    for (const bytes of names) {
      const name = bytes.toString('utf8');
      if (isSkippedName(name, options.includeHidden)) continue;
      children.push({ name, utf8: Buffer.from(name, 'utf8').equals(bytes) });
    }
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { name, utf8 } of children) {
      const path = join(dir, name);
      if (matchers) {
        const rel = relative(root, path).split(sep).join('/');
        if (matchers(rel) || matchers(name)) continue;
      }
      if (!utf8) {
        yield { kind: 'nameNotUtf8', path };
        continue;
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
      else yield { kind: 'notFile', path, what: specialKind(stats) };
    }
  }

  yield* visit(root);
}

function specialKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Whether a path that was not found is a name that is not UTF-8: a program (a shell, a watcher) handed it
 * over decoded, U+FFFD in place of the bytes, and its folder holds a name of those bytes.
 */
export async function isNameNotUtf8(path: string): Promise<boolean> {
  const name = basename(path);
  if (!name.includes('\uFFFD')) return false;
  try {
    const names = await readdir(dirname(path), { encoding: 'buffer' });
    return names.some((bytes) => {
      const decoded = bytes.toString('utf8');
      return decoded === name && !Buffer.from(decoded, 'utf8').equals(bytes);
    });
  } catch {
    return false;
  }
}

/**
 * Why a name that is not UTF-8 ends here rather than being read: Node's fs would open it by its bytes (a
 * Buffer path), but a path is text everywhere else — the database, JSON over IPC and HTTP, the UI, CSV,
 * the worker threads' messages and child processes' arguments (Node takes only strings there) — so the
 * file could be found but never shown, opened from the UI or re-read faithfully. Renaming it is the fix.
 */
export function nameNotUtf8(path: string): AppErrorData {
  return {
    code: ErrorCode.FILE_NAME_NOT_UTF8,
    message: `The name of ${path} is not valid UTF-8 (shown with � for the bytes that are not), so docpipe cannot read it by name. Rename it (for example with convmv -f latin1 -t utf8), then ingest it again.`,
    retryable: false,
  };
}
