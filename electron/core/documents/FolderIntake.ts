import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { IngestSummary } from '../../shared/contract/api.js';
import type { FolderWatcher } from '../ingest/FolderWatcher.js';
import type { Ingestor } from '../ingest/Ingestor.js';
import type { Store } from '../store/Store.js';

export interface FolderIntakeDeps {
  store: Store;
  ingestor: Pick<Ingestor, 'ingest'>;
  watcher: Pick<FolderWatcher, 'add' | 'remove'>;
  /** Something was enqueued: the pipeline should look for work. */
  wake(): void;
  /** Clock (ISO text), injectable for tests. Default: now. */
  now?: () => string;
}

/** Files and folders a person hands over: scanned now, and folders kept under watch when asked. */
export class FolderIntake {
  private readonly now: () => string;

  constructor(private readonly deps: FolderIntakeDeps) {
    this.now = deps.now ?? (() => new Date().toISOString());
  }

  /** Scans `paths` as one batch (its id is the correlation id of everything it causes). */
  async ingest(request: { paths: readonly string[]; watch: boolean }): Promise<IngestSummary> {
    const absolute = request.paths.map((p) => resolve(p));
    const summary = await this.deps.ingestor.ingest(absolute, randomUUID());
    this.deps.wake();
    if (request.watch) for (const p of absolute) await this.watch(p);
    return summary;
  }

  /** Keeps a folder watched; stored, so watching survives restarts. */
  async watch(path: string): Promise<void> {
    this.deps.store.tx(() => this.deps.store.watched.add(path, this.now()));
    await this.deps.watcher.add(path);
  }

  async unwatch(path: string): Promise<{ removed: boolean }> {
    const absolute = resolve(path);
    await this.deps.watcher.remove(absolute);
    return { removed: this.deps.store.tx(() => this.deps.store.watched.remove(absolute)) };
  }
}
