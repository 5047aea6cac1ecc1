/**
 * Entry of an understanding thread (createUnderstandPool): exposes createUnderstandApi() over comlink.
 * The thread's state is the one model it keeps (see understandApi.ts); it holds nothing to release.
 */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createUnderstandApi } from './understandApi.js';

if (!parentPort) throw new Error('understand.worker must run in a worker thread');
expose(createUnderstandApi(), nodeEndpoint(parentPort));
