// Starts a worker whose entry is TypeScript source (development, tests, `npx docpipe` from a clone).
// Node 20 does not pass loader hooks registered in the parent to worker threads, so each worker
// registers docpipe's TS hooks itself before importing its real entry. Bundled builds start the .js entry directly.
import '../bin/ts-register.mjs';
import { workerData } from 'node:worker_threads';

await import(workerData.__entry);
