/** A worker for WorkerPool.test.ts: each method misbehaves in one way a real worker can. */
import { writeFileSync } from 'node:fs';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

let disposed = false;
let active = 0;

const api = {
  async echo(value: string): Promise<string> {
    return value;
  },
  /** Resolves after `ms`, reporting the thread, when it ran, and how many calls overlapped in this thread. */
  async sleep(ms: number): Promise<{ threadId: number; overlapping: number; start: number; end: number }> {
    active++;
    const overlapping = active;
    const start = Date.now();
    await new Promise((r) => setTimeout(r, ms));
    active--;
    return { threadId, overlapping, start, end: Date.now() };
  },
  /** A synchronous endless loop: only terminate() can stop it. */
  async spin(): Promise<never> {
    for (;;) {
      // busy
    }
  },
  /** An error thrown outside the call's promise chain: the thread dies with an uncaught exception. */
  async crash(): Promise<void> {
    setTimeout(() => {
      throw new Error('boom in worker');
    }, 0);
    await new Promise(() => {});
  },
  async exit(): Promise<void> {
    process.exit(7);
  },
  async allocate(): Promise<void> {
    const hold: number[][] = [];
    for (;;) hold.push(new Array(1_000_000).fill(1));
  },
  async fail(): Promise<void> {
    throw new Error('ordinary failure');
  },
  async threadId(): Promise<number> {
    return threadId;
  },
  async wasDisposed(): Promise<boolean> {
    return disposed;
  },
  async dispose(): Promise<void> {
    disposed = true;
    // Leaves a trace the test can see after the thread is gone.
    const marker = (workerData as { marker?: string } | null)?.marker;
    if (marker) writeFileSync(`${marker}.${threadId}`, 'disposed');
  },
};

export type TestWorkerApi = typeof api;
expose(api, nodeEndpoint(parentPort!));
