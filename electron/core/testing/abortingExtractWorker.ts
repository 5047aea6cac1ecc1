/**
 * An extraction thread for the crash-counting test (e2e/crashCounting.test.ts): the real one, except
 * that extracting a file whose name contains "ABORT" takes the whole process down with SIGABRT, as a
 * V8 fatal error or a native fault in a parser does. Only a test passes it (CoreConfig.extractWorkerEntry):
 * the product has no such switch.
 */
import { basename } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { ExtractWorkerApi } from '../../../workers/extract/extract.worker.js';
import { extractFile } from '../../../workers/extract/extractFile.js';
import { createOcrEngine } from '../../../workers/extract/image/ocr/createOcrEngine.js';
import type { OcrEngine } from '../../../workers/extract/image/ocr/OcrEngine.js';

let engine: OcrEngine | null = null;
const ocr = (): OcrEngine => (engine ??= createOcrEngine());

const api: ExtractWorkerApi = {
  extract: async (req) => {
    // process.abort() is not allowed in a worker thread; the signal ends the process the same way.
    if (basename(req.path).includes('ABORT')) process.kill(process.pid, 'SIGABRT');
    return extractFile(req, { ocr });
  },
  ocrEngineName: async () => ocr().name,
  async dispose() {
    await engine?.dispose();
    engine = null;
  },
};
expose(api, nodeEndpoint(parentPort!));
