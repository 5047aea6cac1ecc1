/**
 * How commands wait for the engine: a command returns when the work it asked for is done (so `set` then
 * `show` agree), or, for the long-running ones, when the user stops it.
 */
import type { BatchProgress, IngestSummary } from '../shared/contract/api.js';
import type { DocumentDetail } from '../shared/contract/documents.js';
import type { Core } from '../core/createCore.js';
import { ProgressLine } from './progress.js';

/** Waits until every document of the batch is terminal (or the user stops), drawing progress on a terminal. */
export async function waitForBatch(core: Pick<Core, 'api' | 'events'>, summary: IngestSummary, isStopping: () => boolean, quiet: boolean): Promise<BatchProgress> {
  const bar = new ProgressLine();
  let wakeUp: (() => void) | null = null;
  const unsubscribe = core.events.subscribe((event) => {
    if (event.correlationId === summary.batchId && (event.type === 'document.completed' || event.type === 'document.failed')) wakeUp?.();
  });
  try {
    for (;;) {
      const progress = await core.api.batchProgress({ batchId: summary.batchId });
      const total = progress.pending + progress.completed + progress.failed;
      if (!quiet) bar.update(progress.completed + progress.failed, total, progress.failed);
      if (progress.pending === 0 || isStopping()) {
        if (!quiet) bar.update(progress.completed + progress.failed, total, progress.failed, true);
        return progress;
      }
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        setTimeout(resolve, 500);
      });
    }
  } finally {
    unsubscribe();
    if (!quiet) bar.finish();
  }
}

/** Waits until a document is terminal again (after a correction re-ran its understanding). */
export async function waitForDocument(api: Core['api'], id: number): Promise<DocumentDetail> {
  for (;;) {
    const doc = await api.getDocument({ ref: id });
    if (doc.state === 'completed' || doc.state === 'failed') return doc;
    await sleep(100);
  }
}

/** Waits until no job is queued, running or waiting for a retry. */
export async function waitForIdleQueue(api: Core['api']): Promise<void> {
  for (;;) {
    const { jobs } = await api.status({});
    if (jobs.queued + jobs.running + jobs.retryable === 0) return;
    await sleep(200);
  }
}

/** Resolves once `isStopping()` turns true (Ctrl-C), checked every `everyMs`. */
export async function waitUntilStopped(isStopping: () => boolean, everyMs = 200): Promise<void> {
  while (!isStopping()) await sleep(everyMs);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
