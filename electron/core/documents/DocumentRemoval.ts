import { randomUUID } from 'node:crypto';
import type { DocumentSelection, RemoveResult } from '../../shared/contract/library.js';
import type { ThumbnailCache } from '../pages/ThumbnailCache.js';
import type { Store } from '../store/Store.js';
import { chunks, type Library } from './Library.js';

export interface DocumentRemovalDeps {
  store: Store;
  library: Library;
  /** Pictures rendered for the library, forgotten with their documents. Default: none. */
  thumbnails?: ThumbnailCache | null;
  /** Clock (ISO text), injectable for tests. Default: now. */
  now?: () => string;
}

/**
 * Removing documents from the archive, never from disk. A document goes with everything docpipe made of
 * it: its row, jobs, pages, fields, paths and batch entries (by cascade), the corrections people made on
 * it, its thumbnails, and its search entries and vectors (the core's `onDocumentsDeleted`, after the
 * commit). Its files are not touched.
 *
 * Each path is remembered with its size, mtime and hash (`removed_files`): a person expects a removed
 * document to stay away when its folder is scanned again (a watched folder, a restart), so the Ingestor
 * leaves such a file out until its bytes change. Adding the file itself by name brings it back.
 *
 * A request of up to 10,000 ids is one transaction; a larger selection by filter is removed 10,000 at a
 * time (each group whole or not at all), so the engine keeps answering meanwhile. One `documents.removed`
 * event per group tells every window.
 */
export class DocumentRemoval {
  private readonly now: () => string;

  constructor(private readonly deps: DocumentRemovalDeps) {
    this.now = deps.now ?? (() => new Date().toISOString());
  }

  async remove(selection: DocumentSelection): Promise<RemoveResult> {
    const { store, library } = this.deps;
    const correlationId = `remove-${randomUUID()}`;
    let removed = 0;
    let paths = 0;
    for (const group of chunks(library.resolve(selection))) {
      const hashes: string[] = [];
      store.tx(() => {
        const at = this.now();
        const gone: number[] = [];
        for (const id of group) {
          const doc = store.documents.get(id);
          if (!doc) continue;
          for (const location of store.locations.listForDocument(id)) {
            store.removedFiles.remember(
              { path: location.path, size: location.size, mtimeMs: location.mtime_ms, sha256: doc.sha256 },
              at,
            );
            paths++;
          }
          store.corrections.deleteForDocument(id);
          if (doc.sha256) hashes.push(doc.sha256);
          gone.push(id);
        }
        store.deleteDocuments(gone);
        if (gone.length > 0) store.emit({ type: 'documents.removed', ids: gone, correlationId, documentId: null });
        removed += gone.length;
      });
      await this.deps.thumbnails?.forget(hashes);
      // Let the engine answer others between groups.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { removed, paths };
  }
}
