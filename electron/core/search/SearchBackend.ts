/**
 * The port every search backend implements (SQLite FTS5 + sqlite-vec embedded, OpenSearch). The index is
 * derived data: the store is the source of truth and `reindex` can always rebuild it, so a backend may drop
 * and recreate its index (schema change) and say so in `health().needsReindex`. An embedding model comes
 * and goes with its server (`setEmbedder`): that changes the vectors, never the words index.
 * One conformance suite (conformance.ts) holds every implementation to the same behaviour.
 */
import { AppError, ErrorCode } from '../../shared/contract/errors.js';
import {
  SearchRequest,
  type SearchEmbedding,
  type SearchHealth,
  type SearchRequestInput,
  type SearchResult,
} from '../../shared/contract/search.js';
import { parsePlainText, parseQuery, type ParsedQuery } from '../../shared/search/query.js';

export type IndexFieldValue = string | number | string[] | null;

export interface IndexPage {
  /** 1-based page number. */
  page: number;
  text: string;
}

/** What the indexing stage hands to a backend for one document. */
export interface IndexDocument {
  /** Document id in the store. */
  id: number;
  /** Detected title, else the file name. */
  title: string;
  /** Every path of the document. */
  paths: string[];
  /** Document type (`invoice`), null when not classified. */
  type: string | null;
  /** Full text. Ignored for snippets/chunks when `pages` is given (then the pages are the text). */
  text: string;
  /** Text per page, for page-level snippets and vector chunks with page references. Optional. */
  pages?: IndexPage[];
  /** Extracted fields by name (normalized values: numbers as numbers, dates as ISO strings). */
  fields: Record<string, IndexFieldValue>;
  /** File modification time (ms since epoch); orders filter-only results. */
  mtime?: number;
  /** The document's own date (ISO), searchable as the field `date`. */
  date?: string | null;
}

/** Turns texts into vectors (Ollama /api/embed, or a test embedder). */
export interface Embedder {
  /** Rejects when the model cannot answer; `signal` aborts a call nobody waits for any more (a detach, a shutdown). */
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
  /** Vector length; fixed for a model. */
  readonly dims: number;
  /** Model name; a change of model rebuilds the vectors. */
  readonly model: string;
}

/** The embedding model an index's vectors are from: vectors of two models (or lengths) never mix. */
export interface EmbeddingId {
  model: string;
  dims: number;
}

/** `model:dims`: how an index records the model of its vectors. */
export function embeddingKey(e: EmbeddingId): string {
  return `${e.model}:${e.dims}`;
}

export interface AttachEmbedderOptions {
  /**
   * Told how filling vectors for documents indexed without them goes: after each batch and when the fill
   * completes or pauses (the same status as `health().embedding`). Default none. Backends that do not fill
   * (OpenSearch) never call it.
   */
  onProgress?: (status: SearchEmbedding) => void;
}

export interface SearchBackend {
  /** Adds or replaces documents (by id). */
  index(docs: IndexDocument[]): Promise<void>;
  /** Removes documents by id; unknown ids are ignored. */
  remove(ids: number[]): Promise<void>;
  /** Parses the request (zod + query language); invalid queries reject with AppError(QUERY_INVALID). */
  search(request: SearchRequestInput): Promise<SearchResult>;
  /** Ids in the index (for reindex convergence: the caller removes ids the store no longer has). */
  ids(): Promise<number[]>;
  health(): Promise<SearchHealth>;
  /** Removes every document (keeps the schema). */
  clear(): Promise<void>;
  /**
   * Attaches an embedding model to the live index (its server became ready), or detaches it (null: the
   * server went away). Without a restart and without touching the words index: queries use vectors while
   * the model answers and are answered by words otherwise (`SearchResult.vectorsUnavailable` says so).
   * Rejects only when the model is unusable for the index (its vector length unknown or out of range).
   */
  setEmbedder(embedder: Embedder | null, options?: AttachEmbedderOptions): Promise<void>;
  /**
   * Optional: builds a whole new index from `source` beside the one that answers, and puts it in that
   * one's place at once (OpenSearch: a new concrete index, then one atomic alias swap). Searches keep
   * answering from the old index meanwhile, and writes made meanwhile reach both. Without it,
   * `reindexFromStore` writes into the live index and removes what the store lacks.
   */
  rebuild?(source: AsyncIterable<IndexDocument[]> | Iterable<IndexDocument[]>): Promise<ReindexReport>;
  dispose(): Promise<void>;
}

/** What a rebuild from the store did. */
export interface ReindexReport {
  /** Documents written. */
  indexed: number;
  /** Index entries removed because the store no longer has them. */
  removed: number;
  tookMs: number;
}

/**
 * What every backend does first with a request: parse it (zod), then its query (the query language, or
 * plain prose when `plain`). Invalid input is an AppError(QUERY_INVALID) with a readable message.
 */
export function parseSearchRequest(input: SearchRequestInput): { request: SearchRequest; query: ParsedQuery } {
  const parsed = SearchRequest.safeParse(input);
  if (!parsed.success) {
    throw new AppError(
      ErrorCode.QUERY_INVALID,
      `Invalid search request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ')}`,
      { retryable: false },
    );
  }
  const request = parsed.data;
  return { request, query: request.plain ? parsePlainText(request.query) : parseQuery(request.query) };
}
