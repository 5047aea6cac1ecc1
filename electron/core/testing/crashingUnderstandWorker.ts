/**
 * An understanding thread for WorkerPool.understand.test.ts and understandStage.test.ts: the real one,
 * except that a page reading "CRASH" (and nothing else) ends the thread mid-task, as a native fault or an
 * out-of-memory would.
 */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createUnderstandApi, type UnderstandWorkerApi } from '../../../workers/understand/understandApi.js';

const real = createUnderstandApi();
const api: UnderstandWorkerApi = {
  ...real,
  understand: (request) =>
    request.pages.some((p) => p.text.trim() === 'CRASH') ? process.exit(70) : real.understand(request),
};
expose(api, nodeEndpoint(parentPort!));
