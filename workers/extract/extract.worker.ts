/**
 * Entry of an extraction worker thread. Exposes { extract, dispose } over comlink. The OCR engine is
 * created on first need and kept for the thread's life (a tesseract.js worker costs ~0.5 s to start);
 * its choice comes from workerData.ocr (see OcrConfig), set by createExtractPool.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { ExtractRequest, ExtractResponse } from '../../electron/shared/contract/extract.js';
import { extractFile } from './extractFile.js';
import { createOcrEngine } from './image/ocr/createOcrEngine.js';
import type { OcrConfig, OcrEngine } from './image/ocr/OcrEngine.js';
import type { PageRenderConfig } from './pdf/pageRenderer.js';

/** What createExtractPool puts in workerData for this entry. */
export interface ExtractWorkerData {
  ocr?: OcrConfig;
  /** How textless PDF pages are rendered for OCR (createPageRenderer.ts). */
  render?: PageRenderConfig;
}

export interface ExtractWorkerApi {
  extract(req: ExtractRequest): Promise<ExtractResponse>;
  /** Which OCR engine this thread uses (starting none). For diagnostics and tests. */
  ocrEngineName(): Promise<OcrEngine['name']>;
  /** Ends the OCR engine; the pool calls it before terminating the thread. */
  dispose(): Promise<void>;
}

function readWorkerData(value: unknown): ExtractWorkerData {
  if (typeof value !== 'object' || value === null) return {};
  const { ocr, render } = value as { ocr?: unknown; render?: unknown };
  return {
    ...(typeof ocr === 'object' && ocr !== null ? { ocr: ocr as OcrConfig } : {}),
    ...(typeof render === 'object' && render !== null ? { render: render as PageRenderConfig } : {}),
  };
}

const config = readWorkerData(workerData);
let engine: OcrEngine | null = null;
const ocr = (): OcrEngine => (engine ??= createOcrEngine(config.ocr));

const api: ExtractWorkerApi = {
  extract: (req) => extractFile(req, { ocr, render: config.render }),
  ocrEngineName: async () => ocr().name,
  async dispose() {
    const current = engine;
    engine = null;
    await current?.dispose();
  },
};

if (!parentPort) throw new Error('extract.worker must run in a worker thread');
expose(api, nodeEndpoint(parentPort));
