import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { AppError, ErrorCode, type AppErrorData } from '../../shared/contract/errors.js';
import type { IngestSummary } from '../../shared/contract/api.js';
import type { Logger } from '../log/logger.js';
import type { JobQueue } from '../queue/JobQueue.js';
import type { RemovedFile } from '../store/repos/RemovedFilesRepo.js';
import type { Store } from '../store/Store.js';
import { hashFile } from './hash.js';
import { sniffMime, SUPPORTED_MIMES, Mime } from './sniff.js';
import { isSkippedName } from '../../shared/files/skippedNames.js';
import { isNameNotUtf8, nameNotUtf8, walkFolder, type WalkOptions } from './walk.js';

export interface IngestOptions extends WalkOptions {
  /** Files larger than this are recorded as failed (FILE_TOO_LARGE) and never read. */
  maxFileBytes: number;
  /** Files hashed at once. */
  hashConcurrency: number;
  /** Attempts of the first stage's job. */
  maxAttempts: number;
}

type Outcome = 'new' | 'unchanged' | 'duplicate' | 'changed' | 'failed';

/**
 * Walks what the user dropped, records every file as a location of a content-addressed document, and
 * enqueues the first stage for new content. Unchanged files (same size and mtime, or same hash) cost
 * one stat; a file that cannot be read becomes a failed placeholder document and the batch goes on.
 */
export class Ingestor {
  constructor(
    private readonly store: Store,
    private readonly queue: JobQueue,
    private readonly options: IngestOptions,
    private readonly log: Logger,
    private readonly onEnqueued: () => void,
  ) {}

  async ingest(paths: readonly string[], batchId: string): Promise<IngestSummary> {
    const summary: IngestSummary = {
      batchId,
      found: 0,
      new: 0,
      unchanged: 0,
      duplicates: 0,
      changed: 0,
      failed: 0,
      notFiles: 0,
    };
    const log = this.log.child({ correlationId: batchId });
    this.store.tx(() => this.store.batches.start(batchId, now()));
    const count = (outcome: Outcome) => {
      summary.found++;
      if (outcome === 'duplicate') summary.duplicates++;
      else summary[outcome]++;
    };

    const inFlight = new Set<Promise<void>>();
    const schedule = async (path: string, stats: Stats | null, named = false) => {
      while (inFlight.size >= this.options.hashConcurrency) await Promise.race(inFlight);
      const task = this.ingestFile(path, stats, batchId, named)
        .then(count)
        .catch((error: unknown) => {
          log.error({ err: error, path }, 'ingest of a file failed unexpectedly');
          count('failed');
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    };

    for (const input of paths) {
      const root = resolve(input);
      let rootStats: Stats;
      try {
        rootStats = await stat(root);
      } catch (error) {
        // Nothing is recorded: the paths a person gives are checked before (FolderIntake), so this is a
        // watched folder that is not there (a drive not connected) or one removed a moment ago. Its
        // documents stay; a placeholder would be a failed document nobody can act on.
        log.warn({ path: root, code: (error as NodeJS.ErrnoException).code }, 'path to scan is not there; skipped');
        continue;
      }
      if (rootStats.isFile()) {
        // A file named by itself is wanted, even one removed from the archive before.
        await schedule(root, rootStats, true);
        continue;
      }
      const seen = new Set<string>();
      let complete = true;
      for await (const entry of walkFolder(root, this.options)) {
        if (entry.kind === 'nameNotUtf8') {
          // Recorded as failed under the name as docpipe can show it, so the person sees what to rename.
          seen.add(entry.path);
          count(this.recordFailure(entry.path, 0, 0, nameNotUtf8(entry.path), batchId));
          continue;
        }
        if (entry.kind === 'notFile') {
          // Not a document, and not a failure of one: counted and named, so the person knows why it is absent.
          summary.notFiles++;
          log.warn({ path: entry.path }, `left out: ${entry.what}, not a file`);
          continue;
        }
        if (entry.kind === 'error') {
          // A folder we cannot list: its files are neither new nor gone. A file: record why it failed.
          if (entry.path === root || (entry.error.code === 'EACCES' && !(await isFile(entry.path)))) {
            complete = false;
            log.warn({ path: entry.path, code: entry.error.code }, 'folder cannot be read; skipped');
            continue;
          }
          seen.add(entry.path);
          await schedule(entry.path, null);
          continue;
        }
        seen.add(entry.path);
        await schedule(entry.path, entry.stats);
      }
      await Promise.all(inFlight);
      if (complete) this.removeMissing(root, seen, batchId);
    }
    await Promise.all(inFlight);
    this.store.tx(() => this.store.batches.finish(batchId, summary, now()));
    log.info({ summary }, 'ingest walk finished');
    return summary;
  }

  /** Ingests one file that a watcher saw appear or change. */
  async ingestOne(path: string, batchId: string): Promise<Outcome> {
    let stats: Stats | null = null;
    try {
      stats = await stat(path);
    } catch {
      stats = null;
    }
    this.store.tx(() => this.store.batches.start(batchId, now()));
    return this.ingestFile(resolve(path), stats, batchId);
  }

  /** A watcher saw a file go: forget that path (and the document, when it was its last path). */
  removePath(path: string, batchId: string): void {
    this.store.tx(() => {
      const location = this.store.locations.getByPath(path);
      if (!location) return;
      this.store.locations.delete(path);
      this.store.emit({ type: 'document.removed', path, correlationId: batchId, documentId: location.document_id });
      this.store.deleteOrphanDocuments();
    });
  }

  /** @param named the person named this file itself (not a folder it is in): a removal is forgotten. */
  private async ingestFile(path: string, stats: Stats | null, batchId: string, named = false): Promise<Outcome> {
    const removed = this.store.removedFiles.get(path);
    if (removed && named) this.store.tx(() => this.store.removedFiles.forget(path));
    else if (removed) {
      if (await this.stillRemoved(path, stats, removed)) return 'unchanged';
    }
    if (!stats) return this.recordFailure(path, 0, 0, await describeStatFailure(path), batchId);
    const size = stats.size;
    const mtimeMs = Math.trunc(stats.mtimeMs);
    const recorded = this.store.locations.getByPath(path);
    if (recorded && recorded.size === size && recorded.mtime_ms === mtimeMs) {
      const doc = this.store.documents.get(recorded.document_id);
      // A placeholder for a file that failed before reading (unreadable) is tried again; all else is unchanged.
      if (doc && !(doc.sha256 === null && doc.error?.code === ErrorCode.FILE_UNREADABLE)) {
        this.store.tx(() => {
          this.store.batches.addDocument(batchId, recorded.document_id, path);
          this.store.emit({
            type: 'document.unchanged',
            path,
            correlationId: batchId,
            documentId: recorded.document_id,
          });
        });
        return 'unchanged';
      }
    }
    if (size > this.options.maxFileBytes) {
      return this.recordFailure(
        path,
        size,
        mtimeMs,
        {
          code: ErrorCode.FILE_TOO_LARGE,
          message: `${path} is ${formatBytes(size)}, over the ${formatBytes(this.options.maxFileBytes)} limit; it was not read. Raise the limit (maxFileBytes) to ingest it.`,
          retryable: false,
        },
        batchId,
      );
    }

    let hashed;
    try {
      hashed = await hashFile(path);
    } catch (error) {
      return this.recordFailure(path, size, mtimeMs, readFailure(path, error), batchId);
    }

    const mime = sniffMime(hashed.head, path);
    return this.store.tx((): Outcome => {
      const t = now();
      // Read again inside the transaction: another ingest (a second command on the same folder, or another
      // process on the same data folder) may have recorded this very path while this one was hashing, and
      // the file would otherwise count as a duplicate of itself.
      const existing = this.store.locations.getByPath(path);
      const known = this.store.documents.findBySha(hashed.sha256);
      let outcome: Outcome;
      let documentId: number;
      if (known) {
        documentId = known.id;
        outcome = existing?.document_id === known.id ? 'unchanged' : existing ? 'changed' : 'duplicate';
      } else {
        const failure = contentFailure(path, hashed.size, mime);
        documentId = this.store.documents.insert(
          {
            sha256: hashed.sha256,
            mime,
            size: hashed.size,
            state: failure ? 'failed' : 'queued',
            error: failure ?? undefined,
          },
          t,
        );
        if (failure) {
          this.store.emit({
            type: 'document.failed',
            code: failure.code,
            message: failure.message,
            correlationId: batchId,
            documentId,
          });
        } else {
          this.queue.enqueue({
            stage: 'extract',
            documentId,
            sha256: hashed.sha256,
            correlationId: batchId,
            maxAttempts: this.options.maxAttempts,
          });
        }
        outcome = existing ? 'changed' : 'new';
      }
      this.store.locations.upsert(path, documentId, hashed.size, mtimeMs, t);
      this.store.batches.addDocument(batchId, documentId, path);
      if (outcome === 'unchanged') {
        this.store.emit({ type: 'document.unchanged', path, correlationId: batchId, documentId });
      } else {
        this.store.emit({
          type: 'document.discovered',
          path,
          duplicate: outcome === 'duplicate',
          correlationId: batchId,
          documentId,
        });
      }
      if (existing && existing.document_id !== documentId) this.store.deleteOrphanDocuments();
      return outcome;
    });
  }

  /**
   * Whether a file whose document a person removed from the archive stays out: yes while it is as it was
   * (size and mtime, or the same bytes after a touch); once its bytes change, the removal is forgotten and
   * the file is ingested like a new one. A file that cannot be read stays out too (nothing to show).
   */
  private async stillRemoved(path: string, stats: Stats | null, removed: RemovedFile): Promise<boolean> {
    if (!stats) return true;
    if (stats.size === removed.size && Math.trunc(stats.mtimeMs) === removed.mtimeMs) return true;
    let sha256: string;
    try {
      sha256 = (await hashFile(path)).sha256;
    } catch {
      return true;
    }
    const same = sha256 === removed.sha256;
    this.store.tx(() => {
      if (same) this.store.removedFiles.touch(path, stats.size, stats.mtimeMs);
      else this.store.removedFiles.forget(path);
    });
    return same;
  }

  /** A file that could not be read becomes a placeholder document (no hash) in state failed. */
  private recordFailure(path: string, size: number, mtimeMs: number, error: AppErrorData, batchId: string): Outcome {
    this.store.tx(() => {
      const t = now();
      const existing = this.store.locations.getByPath(path);
      const documentId = this.store.documents.insert(
        { sha256: null, mime: Mime.unknown, size, state: 'failed', error },
        t,
      );
      this.store.locations.upsert(path, documentId, size, mtimeMs, t);
      if (existing) this.store.deleteOrphanDocuments();
      this.store.batches.addDocument(batchId, documentId, path);
      this.store.emit({
        type: 'document.failed',
        code: error.code,
        message: error.message,
        correlationId: batchId,
        documentId,
      });
    });
    this.log.warn({ correlationId: batchId, path, code: error.code }, error.message);
    this.onEnqueued();
    return 'failed';
  }

  /** After a complete walk of `root`: paths recorded under it that the walk did not see are gone. */
  private removeMissing(root: string, seen: ReadonlySet<string>, batchId: string): void {
    const gone = this.store.locations
      .listUnder(root, sep)
      .filter((l) => !seen.has(l.path) && !isHiddenPath(root, l.path));
    if (gone.length === 0) return;
    this.store.tx(() => {
      for (const location of gone) {
        this.store.locations.delete(location.path);
        this.store.emit({
          type: 'document.removed',
          path: location.path,
          correlationId: batchId,
          documentId: location.document_id,
        });
      }
      this.store.deleteOrphanDocuments();
    });
    this.log.info({ correlationId: batchId, removed: gone.length }, 'files no longer on disk were removed');
  }
}

function isHiddenPath(root: string, path: string): boolean {
  return path
    .slice(root.length + 1)
    .split(sep)
    .some((part) => isSkippedName(part, false));
}

function contentFailure(path: string, size: number, mime: string): AppErrorData | null {
  if (size === 0) {
    return {
      code: ErrorCode.FILE_EMPTY,
      message: `${path} is empty (0 bytes): there is no text to extract.`,
      retryable: false,
    };
  }
  if (!SUPPORTED_MIMES.has(mime)) {
    return {
      code: ErrorCode.UNSUPPORTED_TYPE,
      message: `${path} is not a kind of file docpipe reads (${mime}). Supported: PDF, images (PNG, JPEG, TIFF), DOCX, text, Markdown, CSV, HTML, EML and Outlook MSG.`,
      retryable: false,
    };
  }
  return null;
}

function readFailure(path: string, error: unknown): AppErrorData {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return {
      code: ErrorCode.FILE_NOT_FOUND,
      message: `${path} disappeared before it could be read.`,
      retryable: false,
    };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return {
      code: ErrorCode.FILE_UNREADABLE,
      message: `${path} cannot be read (permission denied). Give your user read access and scan again.`,
      retryable: false,
    };
  }
  return AppError.wrap(error, ErrorCode.FILE_UNREADABLE, `${path} could not be read`).toJSON();
}

async function describeStatFailure(path: string): Promise<AppErrorData> {
  try {
    await stat(path);
    return { code: ErrorCode.FILE_UNREADABLE, message: `${path} could not be read.`, retryable: false };
  } catch (error) {
    if (await isNameNotUtf8(path)) return nameNotUtf8(path);
    return readFailure(path, error);
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** A size as people read it, in binary units (the limits are round numbers of MiB). */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

function now(): string {
  return new Date().toISOString();
}
