// Starts a worker whose entry is TypeScript source (development, tests, `npx docpipe` from a clone).
// Node 20 does not pass loader hooks registered in the parent to worker threads, so each worker
// registers tsx itself before importing its real entry. Bundled builds start the .js entry directly.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.__entry);
