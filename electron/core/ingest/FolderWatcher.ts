import { watch, type FSWatcher } from 'chokidar';
import { basename } from 'node:path';
import picomatch from 'picomatch';
import type { Logger } from '../log/logger.js';
import { isSkippedName } from '../../shared/files/skippedNames.js';

export interface FolderWatcherOptions {
  /** A file is reported once its size has not changed for this long, ms. */
  stableMs: number;
  includeHidden: boolean;
  ignore: readonly string[];
}

export interface FolderWatcherEvents {
  /** A file appeared or changed and is now stable. */
  onFile(path: string): void;
  /** A file went away. */
  onRemoved(path: string): void;
}

/**
 * Watches folders for files that appear, change or go. Only reports a file after it has been stable for
 * `stableMs`, so a file still being copied is not ingested half-written. The initial contents are not
 * reported: the caller rescans the folder itself (which also catches what changed while docpipe was off).
 */
export class FolderWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly ignored: (path: string) => boolean;

  constructor(
    private readonly options: FolderWatcherOptions,
    private readonly events: FolderWatcherEvents,
    private readonly log: Logger,
  ) {
    const match = options.ignore.length > 0 ? picomatch(options.ignore as string[], { dot: true }) : () => false;
    this.ignored = (path: string) => {
      const name = basename(path);
      return isSkippedName(name, options.includeHidden) || match(path) || match(name);
    };
  }

  async add(folder: string): Promise<void> {
    if (this.watchers.has(folder)) return;
    const watcher = watch(folder, {
      ignoreInitial: true,
      ignored: (path: string) => path !== folder && this.ignored(path),
      awaitWriteFinish: {
        stabilityThreshold: this.options.stableMs,
        pollInterval: Math.min(500, Math.max(50, this.options.stableMs / 4)),
      },
      followSymlinks: true,
    });
    watcher.on('add', (path) => this.events.onFile(path));
    watcher.on('change', (path) => this.events.onFile(path));
    watcher.on('unlink', (path) => this.events.onRemoved(path));
    watcher.on('error', (error) => this.log.warn({ err: error, folder }, 'watcher error'));
    this.watchers.set(folder, watcher);
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  async remove(folder: string): Promise<void> {
    const watcher = this.watchers.get(folder);
    if (!watcher) return;
    this.watchers.delete(folder);
    await watcher.close();
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.watchers.keys()].map((f) => this.remove(f)));
  }
}
