import { existsSync } from 'node:fs';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import type { ExtractLimits, ExtractOutput, ExtractRequest, ExtractResponse } from '../../shared/contract/extract.js';
import type { StageResult } from '../../shared/contract/jobs.js';
import type { Store } from '../store/Store.js';
import type { ClaimedJob } from '../queue/JobQueue.js';
import type { StageDefinition } from './Stage.js';

/** The job an extraction is for, and the stage run's abort signal: a remote service names its task after them. */
export interface ExtractContext {
  job: ClaimedJob;
  signal: AbortSignal;
}

/** What the extract stage needs from the worker pool (workers/extract behind comlink), or from remote workers. */
export interface ExtractService {
  extract(request: ExtractRequest, timeoutMs: number, context?: ExtractContext): Promise<ExtractResponse>;
}

export interface ExtractStageOptions {
  /** Extractions at once: a number, or asked each time (remote workers come and go). */
  concurrency: number | (() => number);
  timeoutMs: number;
  maxAttempts: number;
  limits: ExtractLimits;
  languages: string[];
}

/** Errors about the file itself: trying again cannot help, so the job is cancelled (discarded at once). */
const FILE_ERRORS: ReadonlySet<string> = new Set([
  ErrorCode.PDF_ENCRYPTED,
  ErrorCode.PDF_CORRUPT,
  ErrorCode.DOCX_CORRUPT,
  ErrorCode.MSG_CORRUPT,
  ErrorCode.OFFICE_CORRUPT,
  ErrorCode.IMAGE_CORRUPT,
  ErrorCode.IMAGE_TOO_LARGE,
  ErrorCode.TOO_MANY_PAGES,
  ErrorCode.UNSUPPORTED_TYPE,
  ErrorCode.FILE_TOO_LARGE,
  ErrorCode.FILE_EMPTY,
  ErrorCode.NO_TEXT,
  ErrorCode.ARCHIVE_TOO_LARGE,
  ErrorCode.PDF_STREAM_TOO_LARGE,
  ErrorCode.EXTRACT_OUT_OF_MEMORY,
]);

/** extract: bytes → pages of text with word boxes (OCR for scans), in the worker pool. */
export function createExtractStage(
  store: Store,
  service: ExtractService,
  options: ExtractStageOptions,
): StageDefinition<ExtractOutput> {
  const concurrency = options.concurrency;
  return {
    stage: 'extract',
    get concurrency() {
      return typeof concurrency === 'function' ? concurrency() : concurrency;
    },
    timeoutMs: options.timeoutMs,
    maxAttempts: options.maxAttempts,

    async run(job, signal): Promise<StageResult<ExtractOutput>> {
      const doc = store.documents.get(job.documentId);
      if (!doc || !doc.sha256) {
        return {
          kind: 'cancel',
          error: new AppError(ErrorCode.NOT_FOUND, `Document ${job.documentId} is no longer in the store.`).toJSON(),
        };
      }
      // Any path holding these bytes will do; prefer one that still exists.
      const path = doc.paths.find((p) => existsSync(p));
      if (!path) {
        return {
          kind: 'cancel',
          error: {
            code: ErrorCode.FILE_NOT_FOUND,
            message: `None of the paths of this document exist any more (${doc.paths.join(', ')}). Scan the folder again.`,
            retryable: false,
          },
        };
      }
      const response = await service.extract(
        { path, mime: doc.mime, sha256: doc.sha256, limits: options.limits, languages: options.languages },
        options.timeoutMs,
        { job, signal },
      );
      if (response.ok) return { kind: 'ok', value: response.output };
      const error = response.error;
      if (FILE_ERRORS.has(error.code) || !error.retryable)
        return { kind: 'cancel', error: { ...error, retryable: false } };
      return { kind: 'retry', error };
    },

    commit(job, output) {
      const now = new Date().toISOString();
      store.pages.replace(job.documentId, output.pages);
      store.documents.setEInvoice(job.documentId, output.eInvoice ?? null);
      const textLength = output.pages.reduce((n, p) => n + p.text.length, 0);
      const ocr = output.pages.some((p) => p.method === 'ocr');
      store.documents.setExtracted(
        job.documentId,
        { pages: output.pages.length, textLength, ocr, attachments: output.attachments.map((a) => a.fileName) },
        now,
      );
      store.emit({
        type: 'document.extracted',
        pages: output.pages.length,
        ocr,
        ...(output.warnings.length > 0 ? { warnings: output.warnings } : {}),
        correlationId: job.correlationId,
        documentId: job.documentId,
      });
    },
  };
}
