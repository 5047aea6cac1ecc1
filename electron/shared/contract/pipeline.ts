/**
 * The pipeline as the Pipeline screen shows it, read from the store (so a reload shows what is true, not
 * what a window happened to hear): counts in documents, throughput, an estimate of the time left, the
 * failures and the recent batches.
 */
import { z } from 'zod';
import { ErrorCode } from './errors.js';
import { STAGES } from './jobs.js';

export const PipelineRequest = z
  .object({
    /** Failures listed (newest first); `failures.total` counts them all. */
    failures: z.number().int().min(0).max(500).default(50),
    /** Batches listed (newest first). */
    batches: z.number().int().min(0).max(50).default(8),
  })
  .default({ failures: 50, batches: 8 });

export const StageCounts = z.object({
  stage: z.enum(STAGES),
  /** Documents waiting for this stage. */
  queued: z.number().int(),
  running: z.number().int(),
  /** Documents whose attempt at this stage failed and that will be tried again. */
  retrying: z.number().int(),
  done: z.number().int(),
  /** Documents this stage gave up on. */
  failed: z.number().int(),
});
export type StageCounts = z.infer<typeof StageCounts>;

export const ThroughputMinute = z.object({
  /** Start of the minute (ISO, seconds zero). */
  at: z.string(),
  completed: z.number().int(),
  failed: z.number().int(),
});
export type ThroughputMinute = z.infer<typeof ThroughputMinute>;

export const PipelineFailure = z.object({
  /** The document's id. */
  id: z.number().int(),
  /** Its first path. */
  path: z.string(),
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  /** What went wrong in a few plain words ("password-protected PDF"). */
  summary: z.string(),
  /** The engine's sentence about this file. */
  message: z.string(),
  /** When the document failed (ISO); null for a failure recorded before docpipe kept the time. */
  at: z.string().nullable(),
  /** The discarded job to retry; null when there is none (a file that could not be read at all). */
  jobId: z.number().int().nullable(),
});
export type PipelineFailure = z.infer<typeof PipelineFailure>;

export const PipelineBatch = z.object({
  id: z.string(),
  /** A watched folder's batch gathers the files it sees appear; it has no end. */
  watch: z.boolean(),
  startedAt: z.string(),
  /** When the scan of the folders ended (null while scanning, and for a watched folder). */
  scannedAt: z.string().nullable(),
  /** Files the scan found (null until it ends). */
  found: z.number().int().nullable(),
  /** Documents of the batch, and where they stand. */
  documents: z.number().int(),
  pending: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  /** When the batch's last document finished: set once scanned and nothing is pending. */
  finishedAt: z.string().nullable(),
});
export type PipelineBatch = z.infer<typeof PipelineBatch>;

export const PipelineOverview = z.object({
  /** The engine's clock when this was read (ISO): the chart's right edge. */
  at: z.string(),
  /** Documents by state; `total` counts each document once. */
  documents: z.object({
    total: z.number().int(),
    queued: z.number().int(),
    processing: z.number().int(),
    completed: z.number().int(),
    failed: z.number().int(),
  }),
  /** Per stage, in pipeline order: documents (one job per document and stage). */
  stages: z.array(StageCounts),
  throughput: z.object({
    /** Documents finished in each minute of the last hour, oldest first (60 entries). */
    minutes: z.array(ThroughputMinute),
    /** Documents finished per minute lately (over the last few minutes of work). */
    perMinute: z.number(),
  }),
  /** Documents not finished yet (queued or processing). */
  remaining: z.number().int(),
  /** Seconds until `remaining` is done at `perMinute`; null when nothing is moving. */
  etaSeconds: z.number().nullable(),
  failures: z.object({
    total: z.number().int(),
    /** Failures with a job to retry (`retryJobs({ allDiscarded: true })` retries them). */
    retryable: z.number().int(),
    items: z.array(PipelineFailure),
  }),
  batches: z.array(PipelineBatch),
});
export type PipelineOverview = z.infer<typeof PipelineOverview>;

/** What an error code means, in a few plain words, for lists where the full sentence is too long. */
export function errorSummary(code: string): string {
  return ERROR_SUMMARIES[code as ErrorCode] ?? 'could not be processed';
}

const ERROR_SUMMARIES: Record<ErrorCode, string> = {
  FILE_NOT_FOUND: 'file not found',
  FILE_UNREADABLE: 'file cannot be read',
  FILE_TOO_LARGE: 'file too large',
  FILE_EMPTY: 'empty file',
  FILE_CHANGED: 'file changed while being read',
  FILE_NAME_NOT_UTF8: 'name not readable as text',
  UNSUPPORTED_TYPE: 'kind of file not supported',
  PDF_ENCRYPTED: 'password-protected PDF',
  PDF_CORRUPT: 'damaged PDF',
  DOCX_CORRUPT: 'damaged Word document',
  MSG_CORRUPT: 'damaged Outlook message',
  OFFICE_CORRUPT: 'damaged Office document',
  IMAGE_CORRUPT: 'damaged image',
  IMAGE_TOO_LARGE: 'image too large',
  ARCHIVE_TOO_LARGE: 'unpacks to too much',
  PDF_STREAM_TOO_LARGE: 'PDF content too large',
  EXTRACT_OUT_OF_MEMORY: 'reading ran out of memory',
  UNDERSTAND_OUT_OF_MEMORY: 'understanding ran out of memory',
  CRASHED_ENGINE: 'stopped docpipe repeatedly',
  TASK_DEAD_LETTERED: 'stopped the remote workers repeatedly',
  TOO_MANY_PAGES: 'too many pages',
  OCR_FAILED: 'text recognition failed',
  EXTRACT_FAILED: 'text could not be read',
  NO_TEXT: 'no text found',
  WORKER_CRASHED: 'the reader crashed',
  STAGE_TIMEOUT: 'took too long',
  POOL_SATURATED: 'engine too busy',
  JOB_PAYLOAD_INVALID: 'internal error',
  JOB_LEASE_LOST: 'interrupted',
  LLM_UNAVAILABLE: 'model server not answering',
  LLM_MODEL_MISSING: 'model not installed',
  LLM_BAD_OUTPUT: 'model answer unusable',
  SEARCH_UNAVAILABLE: 'search index not available',
  QUERY_INVALID: 'invalid query',
  DB_NEWER_THAN_APP: 'data from a newer docpipe',
  NOT_FOUND: 'not found',
  INVALID_ARGUMENT: 'invalid request',
  CORE_DISPOSED: 'docpipe was stopping',
  INTERNAL: 'internal error',
  PORT_IN_USE: 'port already in use',
};
