import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../shared/contract/errors.js';
import type { JobQueue } from '../queue/JobQueue.js';
import type { Store } from '../store/Store.js';
import type { DocumentCatalog, DocumentRef } from './DocumentCatalog.js';
import { canMove, documentRequeued } from './documentLifecycle.js';
import type { BulkResult } from '../../shared/contract/library.js';
import type { DocumentRecord } from '../store/repos/DocumentsRepo.js';
import { chunks } from './Library.js';

function plural(n: number): string {
  return `${n} document${n === 1 ? ' is' : 's are'}`;
}

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
    const { store, catalog } = this.deps;
    const docs = 'ref' in request ? [catalog.find(request.ref)] : store.documents.list({});
    const correlationId = `reprocess-${randomUUID()}`;
    let queued = 0;
    store.tx(() => {
      for (const doc of docs) if (this.requeue(doc, correlationId) === 'queued') queued++;
    });
    this.deps.wake();
    return { queued };
  }

  /** `reprocess` for many documents, in transactions of at most 10,000; what cannot go is counted with why. */
  reprocessMany(ids: readonly number[]): BulkResult {
    const { store } = this.deps;
    const correlationId = `reprocess-${randomUUID()}`;
    const outcomes = { queued: 0, busy: 0, unreadable: 0 };
    for (const group of chunks(ids)) {
      store.tx(() => {
        for (const id of group) {
          const doc = store.documents.get(id);
          if (doc) outcomes[this.requeue(doc, correlationId)]++;
        }
      });
    }
    this.deps.wake();
    const reasons: string[] = [];
    if (outcomes.busy > 0)
      reasons.push(
        `${plural(outcomes.busy)} already on ${outcomes.busy === 1 ? 'its' : 'their'} way through the pipeline.`,
      );
    if (outcomes.unreadable > 0)
      reasons.push(
        `${plural(outcomes.unreadable)} no run can change (unreadable, empty or of an unsupported type): add the file again once it is fixed.`,
      );
    return { done: outcomes.queued, skipped: outcomes.busy + outcomes.unreadable, reasons };
  }

  /** Queues one document from the first stage (inside the caller's transaction), or says why not. */
  private requeue(doc: DocumentRecord, correlationId: string): 'queued' | 'busy' | 'unreadable' {
    if (!doc.sha256) return 'unreadable';
    if (doc.error?.code === ErrorCode.FILE_EMPTY || doc.error?.code === ErrorCode.UNSUPPORTED_TYPE) return 'unreadable';
    if (!canMove(doc.state, 'requeued')) return 'busy';
    this.deps.queue.enqueue({
      stage: 'extract',
      documentId: doc.id,
      sha256: doc.sha256,
      correlationId,
      maxAttempts: this.deps.maxAttempts,
      requeueTerminal: true,
    });
    documentRequeued(this.deps.store, doc.id, this.now());
    return 'queued';
  }

  /** Puts discarded jobs back in the queue with fresh attempts: one by id, or all of them. */
  retryJobs(request: { jobId: number } | { allDiscarded: true }): { retried: number } {
    const ids = 'jobId' in request ? [request.jobId] : this.deps.store.jobs.listDiscardedIds();
    const retried = this.deps.queue.retryDiscarded(ids);
    this.deps.wake();
    return { retried };
  }
}
