import { homedir, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_EXTRACT_LIMITS } from '../shared/contract/extract.js';
import { OllamaConfig } from './inference/ollama/ollamaConfig.js';
import { SearchConfig } from './search/createSearchBackend.js';

/**
 * Everything the engine can be told. Paths are passed in: the core never asks Electron where the
 * data lives, so the desktop app, the server, the CLI and the tests all configure it the same way.
 */
export const CoreConfig = z.object({
  /** Folder for the database, logs and models the user trained. */
  dataDir: z.string(),
  /** Folder with bundled resources (models, binaries). Default: <repo>/resources. */
  resourcesDir: z.string().optional(),
  /**
   * The extraction thread's entry module (a file URL or path). Default: workers/extract/extract.worker
   * next to the sources or their compiled copy. A bundle names its own (electron.vite.config.ts builds
   * out/main/extract.worker.js).
   */
  extractWorkerEntry: z.string().optional(),
  /** The understanding thread's entry module, likewise. Default: workers/understand/understand.worker; a bundle names out/main/understand.worker.js. */
  understandWorkerEntry: z.string().optional(),
  /** Extraction threads. Default: one per core, at most 8. */
  workers: z.number().int().positive().max(64).optional(),
  /** Start the pipeline loops (false: a read-only view of the store, as `status` needs). Default true. */
  runPipeline: z.boolean().default(true),
  ingest: z
    .object({
      /** Include dot-files and dot-folders. Default false. */
      includeHidden: z.boolean().default(false),
      /** Globs to skip (picomatch), e.g. ["**\/node_modules/**", "*.tmp"]. */
      ignore: z.array(z.string()).default(['**/node_modules/**', '*.tmp', '*.part', '*.crdownload']),
      /** Files larger than this are not read. Default 200 MiB. */
      maxFileBytes: z.number().int().positive().default(DEFAULT_EXTRACT_LIMITS.maxBytes),
      hashConcurrency: z.number().int().positive().default(4),
    })
    .prefault({}),
  extract: z
    .object({
      /** Time one document may take to extract (OCR included), ms. Default 120 s. */
      timeoutMs: z.number().int().positive().default(120_000),
      maxAttempts: z.number().int().positive().default(3),
      maxPages: z.number().int().positive().default(DEFAULT_EXTRACT_LIMITS.maxPages),
      maxPixels: z.number().int().positive().default(DEFAULT_EXTRACT_LIMITS.maxPixels),
      maxOcrPages: z.number().int().positive().default(DEFAULT_EXTRACT_LIMITS.maxOcrPages),
      ocrMinChars: z.number().int().min(0).default(DEFAULT_EXTRACT_LIMITS.ocrMinChars),
      languages: z.array(z.string()).default(['eng']),
      /** Characters of text one document may yield; more is cut in the extraction thread, with a warning. Default 4,000,000. */
      maxTextChars: z.number().int().positive().default(DEFAULT_EXTRACT_LIMITS.maxTextChars),
      /** Bytes the parts of one DOCX/XLSX/PPTX/OpenDocument file may unpack to (ARCHIVE_TOO_LARGE past it). Default 100 MiB. */
      maxUnpackedBytes: z.number().int().positive().default(DEFAULT_EXTRACT_LIMITS.maxUnpackedBytes),
      /** Entries a ZIP-based file may hold (ARCHIVE_TOO_LARGE past it). Default 10,000. */
      maxArchiveEntries: z.number().int().positive().default(DEFAULT_EXTRACT_LIMITS.maxArchiveEntries),
      /** Bytes one compressed PDF stream may decode to (PDF_STREAM_TOO_LARGE past it). Default 64 MiB. */
      maxStreamBytes: z.number().int().positive().default(DEFAULT_EXTRACT_LIMITS.maxStreamBytes),
      /**
       * Heap limit per extraction thread (and its pdf.js render thread), MB; a file that needs more ends
       * with EXTRACT_OUT_OF_MEMORY and the thread is replaced. Default 512: with the budgets above, no
       * file needs more, and the engine's whole process stays under 1 GB (bench/hostile.bench.ts).
       */
      maxWorkerHeapMb: z.number().int().positive().default(512),
    })
    .prefault({}),
  watch: z
    .object({
      /** A file is ingested once it has not changed for this long, ms. Default 2000. */
      stableMs: z.number().int().min(0).default(2000),
    })
    .prefault({}),
  queue: z
    .object({
      backoffBaseMs: z.number().int().positive().default(2000),
      backoffMaxMs: z
        .number()
        .int()
        .positive()
        .default(10 * 60_000),
      /** How often the queue looks for due retries and dead lease holders, ms. */
      pollMs: z.number().int().positive().default(1000),
    })
    .prefault({}),
  understand: z
    .object({
      timeoutMs: z.number().int().positive().default(30_000),
      maxAttempts: z.number().int().positive().default(3),
      /** A type or field under this confidence sends the document to review. Default 0.8. */
      reviewThreshold: z.number().min(0).max(1).default(0.8),
      /** Heap limit of the understanding thread, MB; a document that needs more ends with UNDERSTAND_OUT_OF_MEMORY. Default 512. */
      maxWorkerHeapMb: z.number().int().positive().default(512),
    })
    .prefault({}),
  /**
   * Scale-out: stage work goes to `docpipe worker` processes through a RabbitMQ broker, this process
   * staying the single writer of the store (electron/core/broker). Absent: everything runs here.
   */
  broker: z
    .object({
      /** amqp://user:password@host:port/vhost */
      url: z.string().regex(/^amqps?:\/\//, 'a broker URL starts with amqp:// or amqps://'),
      /** Extraction threads of this process beside the remote workers; 0 leaves extraction to them. Default: `workers`. */
      localWorkers: z.number().int().min(0).max(64).optional(),
      /** Times a task may be handed back (its worker died) before the broker dead-letters it. Default 3. */
      deliveryLimit: z.number().int().min(1).max(100).default(3),
    })
    .optional(),
  /**
   * Without `broker`, take the settings' broker (`broker.url`): the app and `serve` do, since they open the
   * address workers fetch documents from; one-shot CLI commands do not, and run every stage here. Default false.
   */
  brokerFromSettings: z.boolean().default(false),
  /** An Ollama server for classification, extraction and search vectors; absent: embedded models only. */
  llm: OllamaConfig.optional(),
  services: z
    .object({
      /**
       * Supervise the model server (and OpenSearch when chosen in the settings): found, started, watched
       * and stopped with the engine; the pipeline uses them once they answer. The desktop app and `serve`
       * set it; one-shot CLI commands and tests leave it off. Default false.
       */
      run: z.boolean().default(false),
    })
    .prefault({}),
  /**
   * Where documents are indexed and searched: `{ backend: 'sqlite', file }` (embedded) or
   * `{ backend: 'opensearch', node, index, username, password }` (a bundled or remote cluster).
   * Default: the embedded SQLite index in `<dataDir>/search.sqlite`.
   */
  search: SearchConfig.optional(),
  index: z
    .object({
      timeoutMs: z.number().int().positive().default(60_000),
      maxAttempts: z.number().int().positive().default(5),
    })
    .prefault({}),
  log: z
    .object({
      level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
      stderrLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('silent'),
      /** How stderr lines are written: 'json' (default) or 'human' (a terminal); the log file is JSON either way. */
      stderrFormat: z.enum(['json', 'human']).default('json'),
    })
    .prefault({}),
});
export type CoreConfig = z.output<typeof CoreConfig>;
export type CoreConfigInput = z.input<typeof CoreConfig>;

/**
 * One extraction thread per core: the main thread only hashes (in libuv's pool) and writes SQLite, so it
 * needs no core of its own; OCR processes/threads are one per extraction thread.
 */
export function defaultWorkerCount(): number {
  return Math.min(8, Math.max(1, availableParallelism()));
}

/** The platform's app-data folder, the same one the desktop app uses (Electron's userData for "docpipe"). */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.DOCPIPE_DATA) return env.DOCPIPE_DATA;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'docpipe');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'docpipe');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'docpipe');
}
