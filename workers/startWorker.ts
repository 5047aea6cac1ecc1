/**
 * Starts a worker thread from an entry module URL. Node 20 does not pass module hooks (registered in
 * the parent) to worker threads, so a `.ts` entry is started through workers/boot.mjs, which
 * registers docpipe's TS hooks inside the thread and then imports the entry given as workerData.__entry. A `.js`
 * entry (a built app) starts directly.
 */
import { extname } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const bootFile = new URL('./boot.mjs', import.meta.url);

export function startWorker(
  entry: URL,
  options: WorkerOptions & { workerData?: Record<string, unknown> } = {},
): Worker {
  if (extname(entry.pathname) !== '.ts') return new Worker(entry, options);
  return new Worker(bootFile, { ...options, workerData: { ...options.workerData, __entry: entry.href } });
}
