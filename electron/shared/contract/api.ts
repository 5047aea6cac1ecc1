/**
 * THE contract: every command the engine answers and every event it pushes. The Electron IPC, the
 * headless server, the CLI and the renderer client all derive from this object; a channel name is never
 * a free string. Inputs are parsed with zod at every transport boundary (IPC, HTTP, CLI arguments).
 */
import { z } from 'zod';
import { DocumentDetail, DocumentSummary } from './documents.js';
import { DOCUMENT_STATES } from './jobs.js';
import {
  BulkResult,
  DocumentSelection,
  LibraryIdsRequest,
  LibraryPage,
  LibraryRequest,
  RemoveResult,
} from './library.js';
import { DocumentType } from './schemas/documentTypes.js';
import { CsvStreamSchema, ExportPreview, ExportPreviewRequest, ExportRequest } from './exports.js';
import { PipelineOverview, PipelineRequest } from './pipeline.js';
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
  /** Files skipped because size and mtime (or the hash) were unchanged since the last scan, or since they were removed from the archive. */
  unchanged: z.number().int(),
  /** Files whose bytes are already a document under another path. */
  duplicates: z.number().int(),
  /** Files known before whose content changed (re-processed as new content). */
  changed: z.number().int(),
  /** Files that failed before extraction (unreadable, too large, vanished). */
  failed: z.number().int(),
  /** Entries inside the folders that are not files (FIFOs, sockets, devices): left out, each named in the log. */
  notFiles: z.number().int().default(0),
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
  /** Documents by state (a document has several jobs, one per stage: `jobs` counts those). */
  documentStates: z.object(
    Object.fromEntries(DOCUMENT_STATES.map((s) => [s, z.number().int()])) as Record<
      (typeof DOCUMENT_STATES)[number],
      z.ZodNumber
    >,
  ),
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

/** The CLI's export to a file: what to export, and where. Answered in-process only (see LOCAL_COMMANDS). */
export const ExportCsvInput = ExportRequest.extend({
  /** File to write (created atomically; an existing file only with `force`, never inside the data folder). */
  path: z.string().min(1),
  /** Replace the file when it exists. */
  force: z.boolean().default(false),
});

export const PageImageRequest = z.object({
  /** The document's id. */
  id: z.number().int().positive(),
  /** 1-based page number; a page the document does not have is NOT_FOUND. */
  page: z.number().int().positive(),
  /**
   * A picture this many pixels wide (a thumbnail): PDF pages are rendered at that width and kept on disk
   * in the data folder, keyed by the content's hash. Image documents are sent as they are at any width
   * (the engine has no image decoder; the picture is scaled where it is shown). Default: the full page.
   */
  width: z.number().int().min(16).max(1024).optional(),
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

/** Most bytes one `documentFile` answer carries (an IPC message holds them all at once): 32 MiB. */
export const DOCUMENT_FILE_MAX_BYTES = 32 * 1024 * 1024;

export const DocumentFileRequest = z.object({
  /** The document's id. */
  id: z.number().int().positive(),
  /** First byte wanted. Default 0. */
  offset: z.number().int().min(0).default(0),
  /** Bytes wanted from `offset` (fewer at the end of the file). Default: to the end, refused over DOCUMENT_FILE_MAX_BYTES. */
  length: z.number().int().min(0).optional(),
});
export type DocumentFileRequest = z.infer<typeof DocumentFileRequest>;

/** Where a document's original file is, checked to hold the document's bytes still. */
export const DocumentFileLocation = z.object({
  /** The first of the document's paths that still holds its bytes. */
  path: z.string(),
  /** The file's name (the last part of the path), for a download. */
  fileName: z.string(),
  /** The document's type as sniffed from its bytes (`application/pdf`, `image/png`…). */
  contentType: z.string(),
  /** The whole file's size in bytes. */
  size: z.number().int(),
  /** sha256 of the bytes, hex (an HTTP ETag). */
  sha256: z.string(),
});
export type DocumentFileLocation = z.infer<typeof DocumentFileLocation>;

export const DocumentFile = DocumentFileLocation.omit({ path: true }).extend({
  /** Where `bytes` start in the file. */
  offset: z.number().int(),
  /** The bytes asked for, as IPC carries them (HTTP serves this command on a GET route, see http.ts). */
  bytes: z.instanceof(Uint8Array),
});
export type DocumentFile = z.infer<typeof DocumentFile>;

export const ConfirmConfidentInput = z.object({
  type: DocumentType,
  /** Only documents whose every uncertain value (type and fields nobody corrected) is at least this sure. */
  above: z.number().min(0).max(1),
  /** Count them, confirm nothing (for the question "confirm these N documents?"). Default false. */
  dryRun: z.boolean().default(false),
});

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
  /**
   * Metadata to a CSV file (RFC 4180, UTF-8), streamed: one row per document. CLI only: it writes where
   * its caller says, which a web page must never choose (see LOCAL_COMMANDS).
   */
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
  /**
   * The bytes of a document's original file, or a part of them (`offset`, `length`): for the page viewer
   * and downloads. A file that moved, or whose bytes no longer match the document's sha256, is
   * FILE_NOT_FOUND; an answer over DOCUMENT_FILE_MAX_BYTES is FILE_TOO_LARGE (ask for parts). Over HTTP a
   * GET route streams it with Range support (http.ts).
   */
  documentFile: { input: DocumentFileRequest, output: DocumentFile },
  /** Where the original file is now (checked like `documentFile`): the desktop app opens or reveals it. */
  locateDocumentFile: { input: z.object({ id: z.number().int().positive() }), output: DocumentFileLocation },
  /**
   * Withdraws a person's correction of a field (`field`: its name) or of the type (`field: 'type'`): the
   * machine's value is shown again; a withdrawn type is read again by the classifier, with that type's fields.
   */
  clearCorrection: { input: z.object({ ref: DocumentRef, field: z.string().min(1) }), output: DocumentDetail },
  /**
   * Confirms every document of a type that waits for review with nothing under `above` (or, with
   * `dryRun`, only counts them). Answers the ids confirmed (or that would be).
   */
  confirmConfident: {
    input: ConfirmConfidentInput,
    output: z.object({ ids: z.array(z.number().int()), confirmed: z.boolean() }),
  },
  /** A page of the library: documents sorted and filtered, with counts in documents (see library.ts). */
  library: { input: LibraryRequest, output: LibraryPage },
  /** The ids of a range of the library's rows in its order (a person selected rows 10 to 4,000). */
  libraryIds: { input: LibraryIdsRequest, output: z.object({ ids: z.array(z.number().int()) }) },
  /** `setType` for many documents (completed ones; the others are skipped and counted). */
  setTypes: { input: withSelection({ type: DocumentType }), output: BulkResult },
  /** `confirm` for many documents (understood ones; the others are skipped and counted). */
  confirmDocuments: { input: DocumentSelection, output: BulkResult },
  /** `reprocess` for many documents (those already on their way, or that no run can change, are skipped). */
  reprocessDocuments: { input: DocumentSelection, output: BulkResult },
  /**
   * Removes documents from the archive: their rows, jobs, pages, fields, corrections, thumbnails, search
   * entries and vectors. Never their files: those stay where they are, and a rescan of a watched folder
   * leaves them out until their bytes change (adding the file itself by name brings it back).
   */
  removeDocuments: { input: DocumentSelection, output: RemoveResult },
  /** The pipeline from the store: per-stage counts in documents, throughput, time left, failures, batches. */
  pipeline: { input: PipelineRequest, output: PipelineOverview },
  /** What an export will write: its columns, its first rows and how many rows in all. */
  exportPreview: { input: ExportPreviewRequest, output: ExportPreview },
  /**
   * An export as CSV text produced while it is read (memory stays flat). In-process only: HTTP serves it
   * as a download (GET /api/export.csv), the desktop app writes it where the person chose in a save dialog.
   */
  exportCsvStream: { input: ExportRequest, output: CsvStreamSchema },
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

/** A selection (ids, or a filter) with more arguments beside it. */
function withSelection<T extends z.ZodRawShape>(shape: T) {
  const [ids, filter] = DocumentSelection.options;
  return z.union([ids.extend(shape), filter.extend(shape)]);
}

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

/**
 * Commands answered only inside the process that runs the core (the CLI; the server's and the desktop
 * main's own code), never for a page over HTTP or IPC: `exportCsv` writes to a path its caller names,
 * and `exportCsvStream` answers with a stream, which neither JSON nor IPC carries.
 */
export const LOCAL_COMMANDS = ['exportCsv', 'exportCsvStream'] as const satisfies readonly CommandName[];
export type LocalCommandName = (typeof LOCAL_COMMANDS)[number];
export type RemoteCommandName = Exclude<CommandName, LocalCommandName>;

export function isLocalCommand(name: string): name is LocalCommandName {
  return (LOCAL_COMMANDS as readonly string[]).includes(name);
}

/** The commands a page may call (over IPC or HTTP). */
export const remoteCommandNames = commandNames.filter((name): name is RemoteCommandName => !isLocalCommand(name));

/** The API as a page sees it: every command but the local ones. */
export type RemoteApi = Pick<Api, RemoteCommandName>;
