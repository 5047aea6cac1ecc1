import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../shared/contract/errors.js';
import type { JobQueue } from '../queue/JobQueue.js';
import type { Store } from '../store/Store.js';
import type { DocumentCatalog, DocumentRef } from './DocumentCatalog.js';
import { canMove, documentRequeued } from './documentLifecycle.js';

export interface ReprocessingDeps {
  store: Store;
  queue: Pick<JobQueue, 'enqueue' | 'retryDiscarded'>;
  catalog: DocumentCatalog;
  /** Attempts of a re-queued first stage. */
  maxAttempts: number;
  /** Something was enqueued: the pipeline should look for work. */
  wake(): void;
  /** Clock (ISO text), injectable for tests. Default: now. */
  now?: () => string;
}

/** Sending documents through the pipeline again: a person's reprocess, or retry of discarded jobs. */
export class Reprocessing {
  private readonly now: () => string;

  constructor(private readonly deps: ReprocessingDeps) {
    this.now = deps.now ?? (() => new Date().toISOString());
  }

  /**
   * Queues one document (or all) from the first stage; corrections are kept (the stages never overwrite
   * a person's values). Documents on their way already are left alone, and so are files no run can change
   * (empty, of an unsupported type). Returns how many were queued.
   */
  reprocess(request: { ref: DocumentRef } | { all: true }): { queued: number } {
    const { store, queue, catalog } = this.deps;
    const docs = 'ref' in request ? [catalog.find(request.ref)] : store.documents.list({});
    const correlationId = `reprocess-${randomUUID()}`;
    let queued = 0;
    store.tx(() => {
      for (const doc of docs) {
        if (!doc.sha256 || !canMove(doc.state, 'requeued')) continue;
        if (doc.error?.code === ErrorCode.FILE_EMPTY || doc.error?.code === ErrorCode.UNSUPPORTED_TYPE) continue;
        queue.enqueue({
          stage: 'extract',
          documentId: doc.id,
          sha256: doc.sha256,
          correlationId,
          maxAttempts: this.deps.maxAttempts,
          requeueTerminal: true,
        });
        documentRequeued(store, doc.id, this.now());
        queued++;
      }
    });
    this.deps.wake();
    return { queued };
  }

  /** Puts discarded jobs back in the queue with fresh attempts: one by id, or all of them. */
  retryJobs(request: { jobId: number } | { allDiscarded: true }): { retried: number } {
    const ids = 'jobId' in request ? [request.jobId] : this.deps.store.jobs.listDiscardedIds();
    const retried = this.deps.queue.retryDiscarded(ids);
    this.deps.wake();
    return { retried };
  }
}
