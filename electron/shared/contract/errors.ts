/**
 * The one catalog of error codes that cross a boundary (worker -> core, core -> UI/CLI, job history).
 * A code is stable: the UI, CSV exports and scripts key on it. The message says what happened, to which
 * file, and what the user can do; `retryable` says whether trying again could help.
 */
export const ErrorCode = {
  // Files on disk
  FILE_NOT_FOUND: 'FILE_NOT_FOUND',
  FILE_UNREADABLE: 'FILE_UNREADABLE',
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  FILE_EMPTY: 'FILE_EMPTY',
  FILE_CHANGED: 'FILE_CHANGED',
  /**
   * A file or folder whose name is not valid UTF-8 (Linux names are bytes). Paths travel as text (the
   * database, JSON, the UI, CSV, child processes' arguments), so docpipe cannot name it faithfully: rename it.
   */
  FILE_NAME_NOT_UTF8: 'FILE_NAME_NOT_UTF8',
  UNSUPPORTED_TYPE: 'UNSUPPORTED_TYPE',
  // Extraction
  PDF_ENCRYPTED: 'PDF_ENCRYPTED',
  PDF_CORRUPT: 'PDF_CORRUPT',
  DOCX_CORRUPT: 'DOCX_CORRUPT',
  /** An Outlook .msg that is damaged or not an Outlook message at all. */
  MSG_CORRUPT: 'MSG_CORRUPT',
  /** A presentation, spreadsheet or OpenDocument file that cannot be read. */
  OFFICE_CORRUPT: 'OFFICE_CORRUPT',
  IMAGE_CORRUPT: 'IMAGE_CORRUPT',
  IMAGE_TOO_LARGE: 'IMAGE_TOO_LARGE',
  TOO_MANY_PAGES: 'TOO_MANY_PAGES',
  OCR_FAILED: 'OCR_FAILED',
  EXTRACT_FAILED: 'EXTRACT_FAILED',
  NO_TEXT: 'NO_TEXT',
  // Workers and jobs
  WORKER_CRASHED: 'WORKER_CRASHED',
  STAGE_TIMEOUT: 'STAGE_TIMEOUT',
  /** A worker pool's wait queue is full; the caller should retry later (claim fewer jobs). */
  POOL_SATURATED: 'POOL_SATURATED',
  JOB_PAYLOAD_INVALID: 'JOB_PAYLOAD_INVALID',
  JOB_LEASE_LOST: 'JOB_LEASE_LOST',
  // Model server / search backend
  LLM_UNAVAILABLE: 'LLM_UNAVAILABLE',
  LLM_MODEL_MISSING: 'LLM_MODEL_MISSING',
  LLM_BAD_OUTPUT: 'LLM_BAD_OUTPUT',
  SEARCH_UNAVAILABLE: 'SEARCH_UNAVAILABLE',
  QUERY_INVALID: 'QUERY_INVALID',
  // Store and API
  DB_NEWER_THAN_APP: 'DB_NEWER_THAN_APP',
  NOT_FOUND: 'NOT_FOUND',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  CORE_DISPOSED: 'CORE_DISPOSED',
  /** The port `docpipe serve --port N` was told to use is taken by another program. */
  PORT_IN_USE: 'PORT_IN_USE',
  INTERNAL: 'INTERNAL',
  // Budgets on hostile input (workers/extract/CONTEXT.md, Budgets)
  /**
   * A ZIP-based file (DOCX, XLSX, PPTX, OpenDocument) over a budget: too many entries, parts that unpack
   * to more than docpipe reads, a compression ratio no real document has, or a directory that lies.
   */
  ARCHIVE_TOO_LARGE: 'ARCHIVE_TOO_LARGE',
  /** A PDF with a compressed stream that unpacks to more than docpipe decodes (a "Flate bomb"). */
  PDF_STREAM_TOO_LARGE: 'PDF_STREAM_TOO_LARGE',
  /** Extracting the file needed more memory than an extraction thread may use; the thread was replaced. */
  EXTRACT_OUT_OF_MEMORY: 'EXTRACT_OUT_OF_MEMORY',
  /** Understanding the document needed more memory than the understanding thread may use. */
  UNDERSTAND_OUT_OF_MEMORY: 'UNDERSTAND_OUT_OF_MEMORY',
  /**
   * The engine's process ended without shutting down (a crash, an abort, a kill) while it worked on this
   * job: retryable (counted as an attempt) until the attempts run out, then the job is discarded with it.
   */
  CRASHED_ENGINE: 'CRASHED_ENGINE',
  /**
   * A stage task sent to remote workers through the broker was handed back (its worker process died or
   * let go of it) more times than the queue's delivery limit, and the broker dead-lettered it: the job is
   * discarded with this code, so a file that kills every worker cannot stop the whole scale-out.
   */
  TASK_DEAD_LETTERED: 'TASK_DEAD_LETTERED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.WORKER_CRASHED,
  ErrorCode.STAGE_TIMEOUT,
  ErrorCode.POOL_SATURATED,
  ErrorCode.JOB_LEASE_LOST,
  ErrorCode.LLM_UNAVAILABLE,
  ErrorCode.SEARCH_UNAVAILABLE,
  ErrorCode.FILE_UNREADABLE,
  ErrorCode.INTERNAL,
]);

/** The serialisable form of an error: what crosses IPC, worker messages and the job history. */
export interface AppErrorData {
  code: ErrorCode;
  message: string;
  retryable: boolean;
}

export class AppError extends Error implements AppErrorData {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options?: { retryable?: boolean; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options?.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
  }

  toJSON(): AppErrorData {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }

  static is(value: unknown): value is AppError {
    return value instanceof AppError;
  }

  static isCode(value: unknown): value is ErrorCode {
    return typeof value === 'string' && Object.hasOwn(ErrorCode, value);
  }

  /** Rebuilds an AppError from its JSON form (worker messages, HTTP bodies); anything else is INTERNAL. */
  static fromData(value: unknown): AppError {
    if (value instanceof AppError) return value;
    if (typeof value === 'object' && value !== null) {
      const { code, message, retryable } = value as Partial<AppErrorData>;
      if (AppError.isCode(code) && typeof message === 'string') {
        return new AppError(code, message, typeof retryable === 'boolean' ? { retryable } : undefined);
      }
    }
    return AppError.wrap(value);
  }

  /** Any thrown value as an AppError; unknown failures become INTERNAL with the original message kept. */
  static wrap(value: unknown, fallback: ErrorCode = ErrorCode.INTERNAL, context?: string): AppError {
    if (value instanceof AppError) return value;
    const detail = value instanceof Error ? value.message : String(value);
    const message = context ? `${context}: ${detail}` : detail;
    return new AppError(fallback, message, { cause: value });
  }
}

export function assertNever(value: never, what = 'value'): never {
  throw new AppError(ErrorCode.INTERNAL, `Unexpected ${what}: ${JSON.stringify(value)}`);
}
