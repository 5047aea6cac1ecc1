/**
 * A pool of worker_threads, each exposing one comlink API object. CPU-heavy stages (extraction, OCR,
 * understanding) run here so the core's event loop, and SQLite's single writer, never wait on them.
 *
 * - Threads start on demand up to `size` and are kept for reuse (an extraction thread keeps its OCR
 *   engine warm).
 * - A task that finds every thread busy waits in a bounded FIFO queue; past `maxQueue` it is refused
 *   with POOL_SATURATED (retryable), so a caller that ignores `stats` cannot grow memory without limit.
 * - A task over its timeout TERMINATES its thread (the only way to stop a synchronous loop or a stuck
 *   native call) and is rejected with STAGE_TIMEOUT; the thread is replaced on demand.
 * - A thread that dies (uncaught error, process.exit) rejects its task with WORKER_CRASHED and is
 *   replaced; the other threads and the queue are unaffected. A thread over its heap limit
 *   (`resourceLimits`) is ended by Node, not the process: its task gets the pool's `outOfMemory` error
 *   (a code of its own, e.g. EXTRACT_OUT_OF_MEMORY) and the thread is replaced the same way.
 * - `dispose()` refuses new work, rejects queued tasks with CORE_DISPOSED, lets running tasks finish
 *   up to `disposeGraceMs`, calls the API's own `dispose()` if it has one, then terminates every
 *   thread and awaits their exit.
 */
import { availableParallelism } from 'node:os';
import { basename, extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { wrap, releaseProxy, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import { ErrorInfo, type Word } from '../../shared/contract/documents.js';
import { E_INVOICE_FIELDS, type ExtractRequest, type ExtractResponse } from '../../shared/contract/extract.js';
import { Understanding } from '../../shared/contract/schemas/fieldValue.js';
import { ClassifierModel } from '../../understand/index.js';
import type { ExtractWorkerApi, ExtractWorkerData } from '../../../workers/extract/extract.worker.js';
import type {
  LearnedModel,
  LearnRequest,
  ModelFacts,
  ModelRef,
  UnderstandRequest,
  UnderstandWorkerApi,
} from '../../../workers/understand/understandApi.js';
import type { OcrConfig } from '../../../workers/extract/image/ocr/OcrEngine.js';
import type { PageRenderConfig } from '../../../workers/extract/pdf/pageRenderer.js';
import { startWorker } from '../../../workers/startWorker.js';

/** Methods of the worker API that can be called through the pool (comlink makes every call async). */
type MethodName<Api> = { [K in keyof Api]: Api[K] extends (...args: never[]) => unknown ? K : never }[keyof Api] &
  string;
type MethodArgs<Api, K extends keyof Api> = Api[K] extends (...args: infer A) => unknown ? A : never;
type MethodResult<Api, K extends keyof Api> = Api[K] extends (...args: never[]) => infer R ? Awaited<R> : never;

export interface WorkerPoolOptions {
  /**
   * The worker's entry: a URL, a file URL's text (what `new URL(…, import.meta.url).href` gives, as the
   * desktop app passes it) or a path. A `.ts` entry is started through workers/boot.mjs (TS hooks in bin/).
   */
  entry: URL | string;
  /** Threads at most. Default: max(1, availableParallelism() - 1), capped at `maxSize`. */
  size?: number;
  /** Cap for the default size. Default 8. */
  maxSize?: number;
  /** Tasks waiting for a thread at most; more are refused with POOL_SATURATED. Default 1000. */
  maxQueue?: number;
  /** Timeout of a task when `run` gets none. Default 300 000 ms (5 min). */
  defaultTimeoutMs?: number;
  /** Passed to each worker as workerData (structured-clonable). */
  workerData?: Record<string, unknown>;
  /** Per-thread V8 limits, e.g. { maxOldGenerationSizeMb: 1024 }; a thread over them ends its task with `outOfMemory`. */
  resourceLimits?: ResourceLimits;
  /**
   * The error of a task whose thread ran out of heap (Node's ERR_WORKER_OUT_OF_MEMORY). Default: a
   * retryable WORKER_CRASHED. The task's arguments are given, to name what needed the memory.
   */
  outOfMemory?: (method: string, args: readonly unknown[]) => AppError;
  /** For thread names and messages. Default 'worker'. */
  name?: string;
  /** How long dispose() lets running tasks and the API's dispose() finish before terminating. Default 5000 ms. */
  disposeGraceMs?: number;
}

export interface RunOptions {
  /**
   * Rejects with STAGE_TIMEOUT and terminates the thread after this long, counted from when a thread
   * takes the task (time spent queued does not count). Default: the pool's `defaultTimeoutMs`.
   */
  timeoutMs?: number;
}

export interface WorkerPoolStats {
  size: number;
  /** Threads currently alive. */
  threads: number;
  busy: number;
  queued: number;
}

interface Task {
  method: string;
  args: unknown[];
  timeoutMs: number;
  resolve(value: unknown): void;
  reject(error: AppError): void;
}

interface Slot {
  id: number;
  worker: Worker;
  remote: Remote<Record<string, (...args: unknown[]) => unknown>>;
  task: Task | null;
  timer: NodeJS.Timeout | null;
  /** Resolves when the thread has exited, for whatever reason. */
  exited: Promise<void>;
  /** Set once the slot is being torn down on purpose (timeout, dispose), so its exit is not a crash. */
  retiring: boolean;
}

function isOutOfMemory(error: Error | null): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}

/** A file URL's text is a URL, not a path: read as a path it would name a file under the current folder. */
function entryUrl(entry: URL | string): URL {
  if (typeof entry !== 'string') return entry;
  return entry.startsWith('file:') ? new URL(entry) : pathToFileURL(entry);
}

export function defaultPoolSize(maxSize = 8): number {
  return Math.max(1, Math.min(maxSize, availableParallelism() - 1));
}

export class WorkerPool<Api extends object> {
  readonly size: number;
  private readonly entryUrl: URL;
  private readonly maxQueue: number;
  private readonly defaultTimeoutMs: number;
  private readonly name: string;
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private nextId = 1;
  private disposing: Promise<void> | null = null;

  constructor(private readonly options: WorkerPoolOptions) {
    this.size = Math.max(1, Math.floor(options.size ?? defaultPoolSize(options.maxSize)));
    this.entryUrl = entryUrl(options.entry);
    this.maxQueue = options.maxQueue ?? 1000;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 300_000;
    this.name = options.name ?? 'worker';
  }

  get stats(): WorkerPoolStats {
    let busy = 0;
    for (const slot of this.slots) if (slot.task) busy++;
    return { size: this.size, threads: this.slots.size, busy, queued: this.queue.length };
  }

  /** Calls `method(...args)` on a free thread, waiting in the queue while all are busy. */
  run<K extends MethodName<Api>>(
    method: K,
    args: MethodArgs<Api, K>,
    options: RunOptions = {},
  ): Promise<MethodResult<Api, K>> {
    if (this.disposing)
      return Promise.reject(new AppError(ErrorCode.CORE_DISPOSED, `The ${this.name} pool is shut down.`));
    if (this.queue.length >= this.maxQueue && !this.hasIdleCapacity()) {
      return Promise.reject(
        new AppError(
          ErrorCode.POOL_SATURATED,
          `The ${this.name} pool has ${this.queue.length} tasks waiting already; try again later.`,
        ),
      );
    }
    return new Promise<MethodResult<Api, K>>((resolve, reject) => {
      this.queue.push({
        method,
        args: args as unknown[],
        timeoutMs: options.timeoutMs ?? this.defaultTimeoutMs,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.dispatch();
    });
  }

  private hasIdleCapacity(): boolean {
    if (this.slots.size < this.size) return true;
    for (const slot of this.slots) if (!slot.task && !slot.retiring) return true;
    return false;
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.disposing) {
      let slot: Slot | undefined;
      for (const s of this.slots) {
        if (!s.task && !s.retiring) {
          slot = s;
          break;
        }
      }
      if (!slot && this.slots.size < this.size) slot = this.spawn();
      if (!slot) return;
      this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const id = this.nextId++;
    // A .ts entry goes through workers/boot.mjs (Node 20 does not hand tsx's loader to threads).
    const worker = startWorker(this.entryUrl, {
      workerData: this.options.workerData,
      resourceLimits: this.options.resourceLimits,
      name: `${this.name}-${id}`,
    });
    let markExited!: () => void;
    const exited = new Promise<void>((resolve) => (markExited = resolve));
    const slot: Slot = {
      id,
      worker,
      remote: wrap(nodeEndpoint(worker)),
      task: null,
      timer: null,
      exited,
      retiring: false,
    };
    let lastError: Error | null = null;
    worker.on('error', (error) => {
      // An uncaught exception or ERR_WORKER_OUT_OF_MEMORY; 'exit' follows and does the bookkeeping.
      lastError = error;
    });
    worker.on('exit', (exitCode) => {
      markExited();
      this.slots.delete(slot);
      const task = slot.task;
      slot.task = null;
      if (slot.timer) clearTimeout(slot.timer);
      if (task && this.disposing) {
        // dispose() ran out of grace and terminated the thread under a running task.
        task.reject(
          new AppError(
            ErrorCode.CORE_DISPOSED,
            `The ${this.name} pool was shut down while ${task.method} was running.`,
          ),
        );
      } else if (task && isOutOfMemory(lastError) && this.options.outOfMemory) {
        task.reject(this.options.outOfMemory(task.method, task.args));
      } else if (task) {
        const why = lastError
          ? `${lastError.name === 'Error' ? '' : `${lastError.name}: `}${lastError.message}`
          : `exit code ${exitCode}`;
        task.reject(
          new AppError(
            ErrorCode.WORKER_CRASHED,
            `A ${this.name} thread stopped unexpectedly during ${task.method} (${why}); the task can be retried.`,
            { cause: lastError ?? undefined },
          ),
        );
      }
      // Replace the lost thread for whoever is waiting.
      this.dispatch();
    });
    this.slots.add(slot);
    return slot;
  }

  private start(slot: Slot, task: Task): void {
    slot.task = task;
    slot.timer = setTimeout(() => {
      if (slot.task !== task) return;
      slot.retiring = true;
      slot.task = null;
      task.reject(
        new AppError(
          ErrorCode.STAGE_TIMEOUT,
          `${this.name} task ${task.method} did not finish within ${task.timeoutMs} ms; its thread was stopped.`,
        ),
      );
      void slot.worker.terminate();
      // The slot leaves `slots` on 'exit'; until then it still counts against size, so a replacement
      // starts as soon as the stuck thread is gone, never more than `size` threads at once.
    }, task.timeoutMs);
    const call = (slot.remote as Record<string, (...args: unknown[]) => Promise<unknown>>)[task.method];
    Promise.resolve()
      .then(() => call!(...task.args))
      .then(
        (value) => this.settle(slot, task, () => task.resolve(value)),
        (error: unknown) => this.settle(slot, task, () => task.reject(AppError.fromData(error))),
      );
  }

  private settle(slot: Slot, task: Task, finish: () => void): void {
    // A late answer from a thread that already timed out or died is ignored: its task was settled.
    if (slot.task !== task) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    finish();
    this.dispatch();
  }

  /** Refuses new tasks, rejects queued ones, and terminates every thread; resolves when all have exited. */
  dispose(): Promise<void> {
    this.disposing ??= this.shutdown();
    return this.disposing;
  }

  private async shutdown(): Promise<void> {
    for (const task of this.queue.splice(0))
      task.reject(
        new AppError(ErrorCode.CORE_DISPOSED, `The ${this.name} pool was shut down before ${task.method} ran.`),
      );
    const grace = this.options.disposeGraceMs ?? 5000;
    await Promise.all(
      [...this.slots].map(async (slot) => {
        const graceful = (async () => {
          while (slot.task) await new Promise((r) => setTimeout(r, 20));
          // Lets the API release what it owns (the OCR engine's own thread). comlink answers any
          // property, so for an API without dispose() this rejects, which is fine.
          await slot.remote.dispose?.().catch(() => {});
        })();
        let graceTimer: NodeJS.Timeout | undefined;
        await Promise.race([graceful, slot.exited, new Promise((r) => (graceTimer = setTimeout(r, grace)))]);
        clearTimeout(graceTimer);
        slot.retiring = true;
        slot.remote[releaseProxy]();
        await slot.worker.terminate();
        await slot.exited;
      }),
    );
    // Tasks still running after the grace period were cut off by terminate().
  }
}

// ---------------------------------------------------------------------------------------------------
// The extraction pool: what the core's extract stage calls.

export interface ExtractPoolOptions {
  /** Threads. Default: max(1, availableParallelism() - 1), capped at 8. */
  size?: number;
  /** OCR engine choice and tesseract location, passed to every thread. Default { engine: 'auto' }. */
  ocr?: OcrConfig;
  /** Page renderer for textless PDF pages, passed to every thread. Default { renderer: 'auto' }. */
  render?: PageRenderConfig;
  /**
   * Per-thread heap limit in MB (V8 old generation). Default 512; a file that needs more ends with
   * EXTRACT_OUT_OF_MEMORY (not retried: the same file needs the same memory) and the thread is replaced.
   */
  maxOldGenerationSizeMb?: number;
  /**
   * Per-thread young generation in MB (V8 scavenges it; its default grows to tens of MB per thread).
   * Default 8: pdf.js allocates short-lived objects fast, and a small nursery keeps each thread's
   * resident memory down (see README, ingest memory).
   */
  maxYoungGenerationSizeMb?: number;
  /** Tasks waiting at most. Default 1000. */
  maxQueue?: number;
  /** The worker entry; default workers/extract/extract.worker.ts (.js when this module is compiled). A bundler needs its own. */
  entry?: URL | string;
}

export interface ExtractPool {
  /** Extracts one file. Resolves with the worker's answer (ok or a file error); rejects with AppError
   *  STAGE_TIMEOUT, WORKER_CRASHED, POOL_SATURATED or CORE_DISPOSED when the thread, not the file, failed. */
  extract(req: ExtractRequest, timeoutMs: number): Promise<ExtractResponse>;
  readonly stats: WorkerPoolStats;
  dispose(): Promise<void>;
}

/**
 * A page's words, checked in place: `z.array(Word)` copies every word (55 MB more heap for 200,000
 * words, on the engine's thread, while the structured clone of the same words is also alive).
 */
const WordsInPlace = z.custom<Word[]>((value) => Array.isArray(value) && value.every(isWord), {
  message: 'words must be { text, box: [left, top, width, height], confidence? }',
});

function isWord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { text, box, confidence } = value as { text?: unknown; box?: unknown; confidence?: unknown };
  return (
    typeof text === 'string' &&
    Array.isArray(box) &&
    box.length === 4 &&
    box.every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    (confidence === undefined || (typeof confidence === 'number' && Number.isFinite(confidence)))
  );
}

/** What a worker answers, checked on arrival: a thread's result is parsed like any other input. */
const ExtractResponseSchema = z.union([
  z.object({
    ok: z.literal(true),
    output: z.object({
      pages: z.array(
        z.object({
          page: z.number().int().positive(),
          text: z.string(),
          method: z.enum(['text', 'ocr']),
          ocrConfidence: z.number().min(0).max(1).nullable(),
          width: z.number().nullable(),
          height: z.number().nullable(),
          words: WordsInPlace,
        }),
      ),
      attachments: z.array(z.object({ fileName: z.string(), mime: z.string(), size: z.number().int().nonnegative() })),
      eInvoice: z
        .object({
          fileName: z.string(),
          syntax: z.enum(['CII', 'UBL']),
          fields: z.partialRecord(z.enum(E_INVOICE_FIELDS), z.string()),
        })
        .nullable()
        .optional(),
      warnings: z.array(z.string()),
    }),
  }),
  z.object({ ok: z.literal(false), error: ErrorInfo.extend({ retryable: z.boolean() }) }),
]);

/** A worker's answer, checked like any input (words in place, not copied); INTERNAL when it is not one. */
export function parseExtractResponse(value: unknown, path: string): ExtractResponse {
  const parsed = ExtractResponseSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      ErrorCode.INTERNAL,
      `The extract worker answered with an invalid result for ${path}: ${parsed.error.message.slice(0, 300)}`,
    );
  }
  return parsed.data;
}

// The entry next to this module's own kind: .ts from source (started via boot.mjs), .js once compiled.
const defaultExtractEntry = new URL(
  `../../../workers/extract/extract.worker${extname(fileURLToPath(import.meta.url))}`,
  import.meta.url,
);

export function createExtractPool(options: ExtractPoolOptions = {}): ExtractPool {
  const workerData: ExtractWorkerData = {
    ocr: options.ocr ?? { engine: 'auto' },
    render: options.render ?? { renderer: 'auto' },
  };
  const heapMb = options.maxOldGenerationSizeMb ?? 512;
  const pool = new WorkerPool<ExtractWorkerApi>({
    entry: options.entry ?? defaultExtractEntry,
    size: options.size,
    maxQueue: options.maxQueue,
    workerData: { ...workerData },
    resourceLimits: {
      maxOldGenerationSizeMb: heapMb,
      maxYoungGenerationSizeMb: options.maxYoungGenerationSizeMb ?? 8,
    },
    name: 'extract',
    outOfMemory: (_method, args) => {
      const path = (args[0] as Partial<ExtractRequest> | undefined)?.path;
      return new AppError(
        ErrorCode.EXTRACT_OUT_OF_MEMORY,
        `${path ? basename(path) : 'The file'} needs more memory than the ${heapMb} MB an extraction thread may use (extract.maxWorkerHeapMb); it was not extracted. The thread was replaced and other files go on; raise the limit to try it again.`,
        { retryable: false },
      );
    },
  });
  return {
    extract: async (req, timeoutMs) => parseExtractResponse(await pool.run('extract', [req], { timeoutMs }), req.path),
    get stats() {
      return pool.stats;
    },
    dispose: () => pool.dispose(),
  };
}

// ---------------------------------------------------------------------------------------------------
// The understanding pool: what ModelHost calls (the understand stage through it, and learning).

export interface UnderstandPoolOptions {
  /**
   * Threads. Default 1: a document takes milliseconds, the stage runs one at a time without an LLM (and
   * a thread's worth of documents while an LLM answers), and each thread holds its own copy of the model.
   */
  size?: number;
  /** Time one document's understanding may take before its thread is stopped (STAGE_TIMEOUT), ms. Default 30 000. */
  timeoutMs?: number;
  /** Time learning the corrections may take, ms. Default 600 000 (it grows with the corrections: ~1 s for 200). */
  learnTimeoutMs?: number;
  /** Per-thread heap limit in MB (V8 old generation). Default 512; a document over it ends with UNDERSTAND_OUT_OF_MEMORY. */
  maxOldGenerationSizeMb?: number;
  /**
   * Per-thread young generation in MB. Default 8: the rules make short-lived garbage fast, and V8's own
   * default lets the nursery grow to tens of MB (over the 552 dev documents from source: peak RSS +66 MB
   * with V8's default, +38 MB with 8, against understanding on the engine's thread).
   */
  maxYoungGenerationSizeMb?: number;
  /** The worker entry; default workers/understand/understand.worker.ts (.js when this module is compiled). A bundler needs its own. */
  entry?: URL | string;
}

/** What ModelHost needs of the understanding threads. */
export interface UnderstandService {
  /** Rejects with AppError STAGE_TIMEOUT, WORKER_CRASHED, POOL_SATURATED or CORE_DISPOSED when the thread failed, INTERNAL when the model could not be read. */
  understand(request: UnderstandRequest): Promise<Understanding>;
  describe(model: ModelRef): Promise<ModelFacts>;
  learn(request: LearnRequest): Promise<LearnedModel>;
}

export interface UnderstandPool extends UnderstandService {
  readonly stats: WorkerPoolStats;
  dispose(): Promise<void>;
}

const ModelFactsSchema = ClassifierModel.pick({
  trainingFingerprint: true,
  correctionsApplied: true,
  fieldCalibration: true,
}).extend({ hasFieldScorer: z.boolean().optional() });

/** A thread's answer, checked like any input; INTERNAL when it is not what was asked for. */
function parseAnswer<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new AppError(
      ErrorCode.INTERNAL,
      `The understand worker answered ${what} with an invalid result: ${parsed.error.message.slice(0, 300)}`,
    );
  return parsed.data;
}

const defaultUnderstandEntry = new URL(
  `../../../workers/understand/understand.worker${extname(fileURLToPath(import.meta.url))}`,
  import.meta.url,
);

export function createUnderstandPool(options: UnderstandPoolOptions = {}): UnderstandPool {
  const understandHeapMb = options.maxOldGenerationSizeMb ?? 512;
  const pool = new WorkerPool<UnderstandWorkerApi>({
    entry: options.entry ?? defaultUnderstandEntry,
    size: options.size ?? 1,
    defaultTimeoutMs: options.timeoutMs ?? 30_000,
    resourceLimits: {
      maxOldGenerationSizeMb: understandHeapMb,
      maxYoungGenerationSizeMb: options.maxYoungGenerationSizeMb ?? 8,
    },
    name: 'understand',
    outOfMemory: (method) =>
      new AppError(
        ErrorCode.UNDERSTAND_OUT_OF_MEMORY,
        method === 'understand'
          ? `Understanding this document needs more memory than the ${understandHeapMb} MB its thread may use (understand.maxWorkerHeapMb); its text was extracted, but it was not classified or indexed. The thread was replaced; raise the limit and retry it.`
          : `The understanding thread ran out of its ${understandHeapMb} MB during ${method}; it was replaced.`,
        { retryable: method !== 'understand' },
      ),
  });
  return {
    understand: async (request) =>
      parseAnswer(Understanding, await pool.run('understand', [request]), `for ${request.pages.length} page(s)`),
    describe: async (model) =>
      parseAnswer(ModelFactsSchema, await pool.run('describe', [model]), `the description of ${model.path}`),
    learn: async (request) =>
      // The text is only checked for being text here: parsing 2 MB of model is the thread's job, and the
      // next thread that reads the file parses and checks it in full.
      parseAnswer(
        z.object({ text: z.string(), facts: ModelFactsSchema }),
        await pool.run('learn', [request], { timeoutMs: options.learnTimeoutMs ?? 600_000 }),
        `learning ${request.corrections.length} correction(s)`,
      ),
    get stats() {
      return pool.stats;
    },
    dispose: () => pool.dispose(),
  };
}
