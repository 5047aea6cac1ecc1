import type { DocpipeEvent, NewEvent } from '../../shared/contract/events.js';
import { keyFieldRows } from '../../shared/contract/schemas/keyFields.js';
import type { EventBus } from '../bus/EventBus.js';
import type { SqliteDatabase } from './Database.js';
import { BatchesRepo } from './repos/BatchesRepo.js';
import { CorrectionsRepo } from './repos/CorrectionsRepo.js';
import { FieldsRepo } from './repos/FieldsRepo.js';
import { DocumentsRepo } from './repos/DocumentsRepo.js';
import { EventsRepo } from './repos/EventsRepo.js';
import { JobsRepo } from './repos/JobsRepo.js';
import { LibraryRepo } from './repos/LibraryRepo.js';
import { LocationsRepo } from './repos/LocationsRepo.js';
import { OwnersRepo } from './repos/OwnersRepo.js';
import { PagesRepo } from './repos/PagesRepo.js';
import { RemovedFilesRepo } from './repos/RemovedFilesRepo.js';
import { PipelineRepo } from './repos/PipelineRepo.js';
import { ReviewRepo } from './repos/ReviewRepo.js';
import { ServicesRepo } from './repos/ServicesRepo.js';
import { SettingsRepo } from './repos/SettingsRepo.js';
import { WatchedFoldersRepo } from './repos/WatchedFoldersRepo.js';

/**
 * The store: repositories over one connection, and the transaction boundary that makes "state + event"
 * atomic. Events emitted inside `tx` are inserted in the same transaction and published to the bus only
 * after the outermost transaction commits; a rollback publishes nothing.
 */
export class Store {
  readonly documents: DocumentsRepo;
  readonly locations: LocationsRepo;
  readonly pages: PagesRepo;
  readonly jobs: JobsRepo;
  readonly events: EventsRepo;
  readonly batches: BatchesRepo;
  readonly watched: WatchedFoldersRepo;
  readonly owners: OwnersRepo;
  readonly fields: FieldsRepo;
  readonly corrections: CorrectionsRepo;
  readonly review: ReviewRepo;
  readonly settings: SettingsRepo;
  readonly services: ServicesRepo;
  readonly library: LibraryRepo;
  readonly removedFiles: RemovedFilesRepo;
  readonly pipeline: PipelineRepo;

  private depth = 0;
  private pending: DocpipeEvent[] = [];
  private afterCommitCallbacks: (() => void)[] = [];

  constructor(
    readonly db: SqliteDatabase,
    private readonly bus: EventBus,
  ) {
    this.documents = new DocumentsRepo(db);
    this.locations = new LocationsRepo(db);
    this.pages = new PagesRepo(db);
    this.jobs = new JobsRepo(db);
    this.events = new EventsRepo(db);
    this.batches = new BatchesRepo(db);
    this.watched = new WatchedFoldersRepo(db);
    this.owners = new OwnersRepo(db);
    this.fields = new FieldsRepo(db);
    this.corrections = new CorrectionsRepo(db);
    this.review = new ReviewRepo(db);
    this.settings = new SettingsRepo(db);
    this.services = new ServicesRepo(db);
    this.library = new LibraryRepo(db);
    this.removedFiles = new RemovedFilesRepo(db);
    // The library's key-field columns follow keyFields.ts: a new store, or a docpipe naming other fields.
    this.library.syncKeyFields(keyFieldRows());
    this.pipeline = new PipelineRepo(db);
  }

  /** Runs `fn` in an IMMEDIATE transaction (nested calls join the outer one). */
  tx<T>(fn: () => T): T {
    if (this.depth > 0) {
      this.depth++;
      try {
        return fn();
      } finally {
        this.depth--;
      }
    }
    this.depth = 1;
    let committed: DocpipeEvent[] = [];
    let callbacks: (() => void)[] = [];
    try {
      const result = this.db.transaction(fn).immediate();
      committed = this.pending;
      callbacks = this.afterCommitCallbacks;
      return result;
    } finally {
      this.pending = [];
      this.afterCommitCallbacks = [];
      this.depth = 0;
      if (committed.length > 0) this.bus.publish(committed);
      for (const callback of callbacks) callback();
    }
  }

  /** Runs `fn` once the current transaction has committed (never after a rollback). */
  afterCommit(fn: () => void): void {
    if (this.depth === 0) throw new Error('Store.afterCommit outside a transaction');
    this.afterCommitCallbacks.push(fn);
  }

  /**
   * Deletes documents no path points at any more (inside a transaction) and tells `onDeleted` their ids
   * after the commit, so derived data (the search index) can follow.
   */
  deleteOrphanDocuments(): void {
    const ids = this.documents.deleteOrphans();
    if (ids.length > 0 && this.onDocumentsDeleted) {
      const notify = this.onDocumentsDeleted;
      this.afterCommit(() => notify(ids));
    }
  }

  /**
   * Deletes these documents (inside a transaction; their pages, jobs, fields and paths go with them by
   * cascade) and tells `onDocumentsDeleted` after the commit, as for orphans.
   */
  deleteDocuments(ids: readonly number[]): void {
    for (const id of ids) this.documents.delete(id);
    if (ids.length > 0 && this.onDocumentsDeleted) {
      const notify = this.onDocumentsDeleted;
      const deleted = [...ids];
      this.afterCommit(() => notify(deleted));
    }
  }

  /** Set by the core: documents were deleted (after commit). */
  onDocumentsDeleted: ((ids: number[]) => void) | null = null;

  /** Records an event as part of the current transaction. */
  emit(event: NewEvent): void {
    if (this.depth === 0) throw new Error('Store.emit outside a transaction: events must commit with their state');
    this.pending.push(this.events.append(event));
  }

  close(): void {
    this.db.close();
  }

  /** Whether close() ran (late callbacks, such as a service stopping, must not write then). */
  get closed(): boolean {
    return !this.db.open;
  }
}
