import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { sep } from 'node:path';
import type { IngestSummary, WatchedFolder } from '../../shared/contract/api.js';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import type { UploadStarted } from '../../shared/contract/uploads.js';
import type { FolderWatcher } from '../ingest/FolderWatcher.js';
import type { Ingestor } from '../ingest/Ingestor.js';
import type { Store } from '../store/Store.js';
import type { WatchedFolderRow } from '../store/repos/WatchedFoldersRepo.js';
import { checkReadablePath, typedPath } from './typedPaths.js';
import type { UploadInbox } from './UploadInbox.js';

export interface FolderIntakeDeps {
  store: Store;
  ingestor: Pick<Ingestor, 'ingest'>;
  watcher: Pick<FolderWatcher, 'add' | 'remove'>;
  /** Where browser uploads land. */
  inbox: Pick<UploadInbox, 'begin' | 'folderOf'>;
  /** Something was enqueued: the pipeline should look for work. */
  wake(): void;
  /** Clock (ISO text), injectable for tests. Default: now. */
  now?: () => string;
  /** What `~` stands for. Default: this user's home folder. */
  home?: string;
}

/**
 * Files and folders a person hands over: typed or chosen paths, and browser uploads. Each hand-over is
 * scanned as one batch; folders are kept under watch when asked, and a watched folder can be paused,
 * resumed and let go.
 */
export class FolderIntake {
  private readonly now: () => string;
  private readonly home: string;

  constructor(private readonly deps: FolderIntakeDeps) {
    this.now = deps.now ?? (() => new Date().toISOString());
    this.home = deps.home ?? homedir();
  }

  /**
   * Scans `paths` as one batch (its id is the correlation id of everything it causes). Every path is
   * checked first: a relative one, or one where nothing exists, refuses the whole request and nothing is
   * stored.
   */
  async ingest(request: { paths: readonly string[]; watch: boolean }): Promise<IngestSummary> {
    const absolute: string[] = [];
    for (const text of request.paths) {
      const path = typedPath(text, this.home);
      await checkReadablePath(path, text);
      absolute.push(path);
    }
    return this.scan([...new Set(absolute)], request.watch);
  }

  /** Makes the inbox folder of a browser upload. */
  beginUpload(): Promise<UploadStarted> {
    return this.deps.inbox.begin();
  }

  /** Scans what an upload put in the inbox, as one batch. */
  async ingestUpload(uploadId: string): Promise<IngestSummary> {
    return this.scan([await this.deps.inbox.folderOf(uploadId)], false);
  }

  /** Every watched folder with its state, newest knowledge of the disk (is it there?) included. */
  async watchedFolders(): Promise<WatchedFolder[]> {
    const rows = this.deps.store.watched.rows();
    return Promise.all(rows.map((row) => this.describe(row)));
  }

  /** Stops following a watched folder; it stays listed, paused, also after a restart. */
  async pauseWatch(text: string): Promise<WatchedFolder> {
    const path = typedPath(text, this.home);
    const row = this.watchedRow(path);
    if (row.paused_at === null) this.deps.store.tx(() => this.deps.store.watched.setPaused(path, this.now()));
    await this.deps.watcher.remove(path);
    return this.describe(this.watchedRow(path));
  }

  /** Follows a watched folder again: what changed while it was paused is scanned now, as one batch. */
  async resumeWatch(text: string): Promise<IngestSummary> {
    const path = typedPath(text, this.home);
    this.watchedRow(path);
    try {
      await checkReadablePath(path);
    } catch (error) {
      if (AppError.is(error) && error.code === ErrorCode.FILE_NOT_FOUND) {
        throw new AppError(
          ErrorCode.FILE_NOT_FOUND,
          `${path} is not there now (a drive not connected, or the folder was moved or renamed). Connect it and resume again, or stop watching it.`,
        );
      }
      throw error;
    }
    return this.scan([path], true);
  }

  /** Stops watching a folder for good; its documents stay in the archive. */
  async unwatch(text: string): Promise<{ removed: boolean }> {
    const path = typedPath(text, this.home);
    await this.deps.watcher.remove(path);
    return { removed: this.deps.store.tx(() => this.deps.store.watched.remove(path)) };
  }

  private async scan(paths: readonly string[], watch: boolean): Promise<IngestSummary> {
    const summary = await this.deps.ingestor.ingest(paths, randomUUID());
    this.deps.wake();
    const at = this.now();
    this.deps.store.tx(() => {
      for (const path of paths) {
        if (watch) {
          // Stored, so watching survives restarts; asking to watch a paused folder resumes it.
          this.deps.store.watched.add(path, at);
          this.deps.store.watched.setPaused(path, null);
        }
        this.deps.store.watched.markScanned(path, at);
      }
    });
    if (watch) for (const path of paths) await this.deps.watcher.add(path);
    return summary;
  }

  private watchedRow(path: string): WatchedFolderRow {
    const row = this.deps.store.watched.get(path);
    if (!row) throw new AppError(ErrorCode.NOT_FOUND, `${path} is not a watched folder.`);
    return row;
  }

  private async describe(row: WatchedFolderRow): Promise<WatchedFolder> {
    const { locations } = this.deps.store;
    const missing = await stat(row.path).then(
      () => false,
      () => true,
    );
    // A watched file (not a folder) counts as the document at its own path.
    const documents = locations.countDocumentsUnder(row.path, sep) + (locations.getByPath(row.path) ? 1 : 0);
    return {
      path: row.path,
      paused: row.paused_at !== null,
      missing,
      documents,
      lastScanAt: row.last_scan_at,
      addedAt: row.added_at,
    };
  }
}
