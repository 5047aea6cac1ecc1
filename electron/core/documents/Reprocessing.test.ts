import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/contract/errors.js';
import { JobQueue } from '../queue/JobQueue.js';
import { openTempStore, type TempStore } from '../testing/tempStore.js';
import { DocumentCatalog } from './DocumentCatalog.js';
import { Reprocessing } from './Reprocessing.js';

let t: TempStore;
let queue: JobQueue;
let reprocessing: Reprocessing;
let wakes: number;

beforeEach(() => {
  t = openTempStore();
  queue = new JobQueue(t.store, { backoff: { baseMs: 1, maxMs: 1, jitter: 0 } });
  wakes = 0;
  reprocessing = new Reprocessing({
    store: t.store,
    queue,
    catalog: new DocumentCatalog(t.store, 0.8),
    maxAttempts: 4,
    wake: () => wakes++,
  });
});

afterEach(() => t.dispose());

describe('Reprocessing', () => {
  it('queues completed and failed documents from the first stage; leaves those on their way and those no run can change', () => {
    const completed = t.addDocument({ sha256: 'done' });
    const failed = t.addDocument({
      sha256: 'bad',
      state: 'failed',
      error: { code: ErrorCode.PDF_CORRUPT, message: 'damaged' },
    });
    const queued = t.addDocument({ sha256: 'q', state: 'queued' });
    const processing = t.addDocument({ sha256: 'p', state: 'processing' });
    const empty = t.addDocument({
      sha256: 'e',
      state: 'failed',
      error: { code: ErrorCode.FILE_EMPTY, message: 'empty' },
    });
    const placeholder = t.store.tx(() =>
      t.store.documents.insert(
        {
          sha256: null,
          mime: 'x',
          size: 1,
          state: 'failed',
          error: { code: ErrorCode.FILE_UNREADABLE, message: 'no access' },
        },
        'now',
      ),
    );

    expect(reprocessing.reprocess({ all: true })).toEqual({ queued: 2 });
    expect(wakes).toBe(1);
    expect(t.store.documents.get(completed)?.state).toBe('queued');
    expect(t.store.documents.get(failed)).toMatchObject({ state: 'queued', error: null });
    for (const id of [queued, processing, empty, placeholder]) expect(t.store.jobs.listForDocument(id)).toHaveLength(0);
    expect(t.store.documents.get(processing)?.state).toBe('processing');
    expect(t.store.documents.get(empty)).toMatchObject({ state: 'failed', error: { code: ErrorCode.FILE_EMPTY } });
    expect(t.store.jobs.getByKey('done:extract')).toMatchObject({ state: 'queued', max_attempts: 4 });
  });

  it('a completed extract job goes back to the queue: one job per content and stage still', () => {
    const id = t.addDocument({ sha256: 'done' });
    queue.enqueue({ stage: 'extract', documentId: id, sha256: 'done', correlationId: null, maxAttempts: 4 });
    const [job] = queue.claim('extract', 1, 1000);
    queue.complete(job!, () => {});
    expect(reprocessing.reprocess({ ref: id })).toEqual({ queued: 1 });
    expect(t.store.jobs.listForDocument(id)).toMatchObject([{ id: job!.id, state: 'queued', attempt: 0 }]);
  });

  it('retries discarded jobs, one by id or all, and queues their documents again', () => {
    const a = t.addDocument({ sha256: 'a', state: 'queued' });
    const b = t.addDocument({ sha256: 'b', state: 'queued' });
    for (const [id, sha] of [
      [a, 'a'],
      [b, 'b'],
    ] as const)
      queue.enqueue({ stage: 'extract', documentId: id, sha256: sha, correlationId: null, maxAttempts: 1 });
    for (const job of queue.claim('extract', 2, 1000))
      queue.fail(job, { code: ErrorCode.PDF_CORRUPT, message: 'bad', retryable: false });
    expect(t.store.documents.get(a)?.state).toBe('failed');

    const [first] = t.store.jobs.listDiscardedIds();
    expect(reprocessing.retryJobs({ jobId: first! })).toEqual({ retried: 1 });
    expect(reprocessing.retryJobs({ allDiscarded: true })).toEqual({ retried: 1 });
    expect(reprocessing.retryJobs({ allDiscarded: true })).toEqual({ retried: 0 });
    expect([a, b].map((id) => t.store.documents.get(id)?.state)).toEqual(['queued', 'queued']);
  });
});
