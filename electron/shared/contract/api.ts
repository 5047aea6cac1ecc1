/**
 * THE contract: every command the engine answers and every event it pushes. The Electron IPC, the
 * headless server, the CLI and the renderer client all derive from this object; a channel name is never
 * a free string. Inputs are parsed with zod at every transport boundary (IPC, HTTP, CLI arguments).
 */
import { z } from 'zod';
import { DocumentDetail, DocumentSummary } from './documents.js';
import { DOCUMENT_STATES } from './jobs.js';
import { DocumentType } from './schemas/documentTypes.js';
import { ReindexRequest, ReindexResult, SearchHealth, SearchRequest, SearchResult } from './search.js';
import { ServicesOverview } from './services.js';
import { Settings, SettingsChange } from './settings.js';
import { UploadId, UploadStarted } from './uploads.js';

export const IngestInput = z.object({
  /**
   * Files or folders, as full paths (`~` and `~/…` are the home folder); folders are walked recursively.
   * A relative path, or one where nothing exists, is refused before anything is stored.
   */
  paths: z.array(z.string().min(1)).min(1),
  /** Keep the folders watched (stored, so watching survives restarts). */
  watch: z.boolean().default(false),
});

export const IngestSummary = z.object({
  /** The correlation id of this batch: every event and log line of it carries this id. */
  batchId: z.string(),
  /** Files seen by the walk. */
  found: z.number().int(),
  /** Files whose content was not known before (new documents). */
  new: z.number().int(),
  /** Files skipped because size and mtime (or the hash) were unchanged since the last scan. */
  unchanged: z.number().int(),
  /** Files whose bytes are already a document under another path. */
  duplicates: z.number().int(),
  /** Files known before whose content changed (re-processed as new content). */
  changed: z.number().int(),
  /** Files that failed before extraction (unreadable, too large, vanished). */
  failed: z.number().int(),
});
export type IngestSummary = z.infer<typeof IngestSummary>;

export const BatchProgress = z.object({
  batchId: z.string(),
  /** Documents of the batch not yet in a terminal state. */
  pending: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  /** Failed documents with their error, for the summary. */
  failures: z.array(z.object({ id: z.number().int(), path: z.string(), code: z.string(), message: z.string() })),
});
export type BatchProgress = z.infer<typeof BatchProgress>;

export const JobCounts = z.object({
  queued: z.number().int(),
  running: z.number().int(),
  retryable: z.number().int(),
  completed: z.number().int(),
  discarded: z.number().int(),
});

export const Status = z.object({
  documents: z.number().int(),
  jobs: JobCounts,
  /** Folders kept under watch. */
  watched: z.array(z.string()),
});
export type Status = z.infer<typeof Status>;

export const WatchedFolder = z.object({
  path: z.string(),
  /** A person paused it: not followed and not scanned when docpipe starts, until resumed. */
  paused: z.boolean(),
  /** Nothing is at the path now (a drive not connected, a folder renamed); its documents stay. */
  missing: z.boolean(),
  /** Documents with at least one path inside the folder. */
  documents: z.number().int(),
  /** When the last whole scan of the folder finished (ISO 8601); null before the first. */
  lastScanAt: z.string().nullable(),
  /** When it was first watched (ISO 8601). */
  addedAt: z.string(),
});
export type WatchedFolder = z.infer<typeof WatchedFolder>;

const WatchedPath = z.object({ path: z.string().min(1) });

const DocumentRef = z.union([z.number().int(), z.string().min(1)]);

export const ReviewItem = z.object({
  id: z.number().int(),
  paths: z.array(z.string()),
  type: z.string().nullable(),
  typeConfidence: z.number().nullable(),
  /** The lowest confidence among the type and the fields nobody has corrected. */
  lowestConfidence: z.number(),
  /** What is uncertain, e.g. "type 0.62", "total 0.41". */
  reasons: z.array(z.string()),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const ExportCsvInput = z.object({
  /** File to write (created or replaced atomically). */
  path: z.string().min(1),
  /** Only documents of this type; their type's fields become the columns. */
  type: DocumentType.optional(),
  /** Field columns to write (default: every field of the type, or of all types). */
  fields: z.array(z.string().min(1)).optional(),
  /** Leave a field's cell empty when its confidence is below this. */
  minConfidence: z.number().min(0).max(1).optional(),
  /** Start with a UTF-8 byte order mark so Excel opens the file as UTF-8. */
  bom: z.boolean().default(false),
});

export const PageImageRequest = z.object({
  /** The document's id. */
  id: z.number().int().positive(),
  /** 1-based page number; a page the document does not have is NOT_FOUND. */
  page: z.number().int().positive(),
});
export type PageImageRequest = z.infer<typeof PageImageRequest>;

export const PageImage = z.object({
  /** `image/png` for a rendered PDF page; an image document's own type (png, jpeg, gif, webp), sent as it is on disk. */
  contentType: z.string(),
  /**
   * The encoded picture. Raw bytes because IPC's structured clone carries a Uint8Array as it is (a Node
   * Buffer is one); JSON cannot, which is why HTTP serves this command on a GET route (see http.ts).
   */
  bytes: z.instanceof(Uint8Array),
});
export type PageImage = z.infer<typeof PageImage>;

/** Command name -> input and output schemas. */
export const commands = {
  ingest: { input: IngestInput, output: IngestSummary },
  batchProgress: { input: z.object({ batchId: z.string() }), output: BatchProgress },
  status: { input: z.object({}).default({}), output: Status },
  listDocuments: {
    input: z
      .object({
        state: z.enum(DOCUMENT_STATES).optional(),
        limit: z.number().int().positive().optional(),
        offset: z.number().int().min(0).optional(),
      })
      .default({}),
    output: z.array(DocumentSummary),
  },
  /** One document by id or by one of its paths. */
  getDocument: { input: z.object({ ref: DocumentRef }), output: DocumentDetail },
  /** Put discarded jobs back in the queue: one job by id, or all discarded ones. */
  retryJobs: {
    input: z.union([z.object({ jobId: z.number().int() }), z.object({ allDiscarded: z.literal(true) })]),
    output: z.object({ retried: z.number().int() }),
  },
  unwatch: { input: z.object({ path: z.string() }), output: z.object({ removed: z.boolean() }) },
  /** Documents needing a person's look, lowest confidence first. */
  review: {
    input: z
      .object({ below: z.number().min(0).max(1).default(0.8), limit: z.number().int().positive().default(100) })
      .default({ below: 0.8, limit: 100 }),
    output: z.array(ReviewItem),
  },
  /** A person's correction of the type: kept as such, survives re-processing, teaches the classifier. */
  setType: { input: z.object({ ref: DocumentRef, type: DocumentType }), output: DocumentDetail },
  /** A person's correction of one field (value as the person writes it; normalized by the field's kind). */
  setField: {
    input: z.object({ ref: DocumentRef, field: z.string().min(1), value: z.string() }),
    output: DocumentDetail,
  },
  /** A person looked at the document and agrees with what is there. */
  confirm: { input: z.object({ ref: DocumentRef }), output: DocumentDetail },
  /** Runs a document (or every document) through the pipeline again; corrections are kept. */
  reprocess: {
    input: z.union([z.object({ ref: DocumentRef }), z.object({ all: z.literal(true) })]),
    output: z.object({ queued: z.number().int() }),
  },
  /** Metadata to CSV (RFC 4180, UTF-8), streamed: one row per document. */
  exportCsv: { input: ExportCsvInput, output: z.object({ path: z.string(), rows: z.number().int() }) },
  /** Full-text (and, with an embedding model, semantic) search; see electron/shared/search/query.ts. */
  search: { input: SearchRequest, output: SearchResult },
  /** Rebuilds the search index from the store (the source of truth). */
  reindex: { input: ReindexRequest, output: ReindexResult },
  searchHealth: { input: z.object({}).default({}), output: SearchHealth },
  /**
   * The picture of one page, for the review screen: image documents as they are on disk, PDF pages
   * rendered. Other types (text, Office, TIFF) are UNSUPPORTED_TYPE; a file that moved or changed since it
   * was read is FILE_NOT_FOUND (its boxes would not match).
   */
  pageImage: { input: PageImageRequest, output: PageImage },
  /** The model server and search services, the GPU, the models and their downloads. */
  services: { input: z.object({}).default({}), output: ServicesOverview },
  /** What a person set (models, model server, search backend). */
  settings: { input: z.object({}).default({}), output: Settings },
  /** Changes settings (what is left out keeps its value); services restart where a change concerns them. */
  setSettings: { input: SettingsChange, output: Settings },
  /** Starts downloading a model onto the model server; progress comes as `model.pull` events. */
  pullModel: { input: z.object({ model: z.string().min(1).max(200) }), output: z.object({ started: z.boolean() }) },
  cancelPull: { input: z.object({ model: z.string().min(1).max(200) }), output: z.object({ cancelled: z.boolean() }) },
  deleteModel: { input: z.object({ model: z.string().min(1).max(200) }), output: z.object({ deleted: z.boolean() }) },
  /** Every watched folder, paused or not, with its document count and last scan. */
  watchedFolders: { input: z.object({}).default({}), output: z.array(WatchedFolder) },
  /** Stops following a watched folder for now; it stays in the list, paused, also after a restart. */
  pauseWatch: { input: WatchedPath, output: WatchedFolder },
  /** Follows a watched folder again; what changed meanwhile is scanned now, as one batch. */
  resumeWatch: { input: WatchedPath, output: IngestSummary },
  /** Makes the inbox folder of one browser upload; its files come by HTTP PUT (see uploads.ts). */
  beginUpload: { input: z.object({}).default({}), output: UploadStarted },
  /** Ingests what an upload put in the inbox, as one batch (paths kept as they were dropped). */
  ingestUpload: { input: z.object({ uploadId: UploadId }), output: IngestSummary },
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>;
export type CommandOutput<K extends CommandName> = z.output<Commands[K]['output']>;

/** The engine's API as every shell sees it. */
export type Api = { [K in CommandName]: (input: CommandInput<K>) => Promise<CommandOutput<K>> };

export const commandNames = Object.keys(commands) as CommandName[];
export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}
