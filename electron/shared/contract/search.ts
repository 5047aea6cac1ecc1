/**
 * Search as every shell sees it: the `search` and `reindex` commands' inputs and outputs. The query string
 * is in the language of electron/shared/search/query.ts; both backends answer with this same shape.
 */
import { z } from 'zod';

/**
 * Highlight markers inside `SearchHit.snippet`. Control characters, not HTML: document text is untrusted,
 * and a UI that renders `<mark>` from a snippet would render any markup a document contains. Indexed text
 * never contains them (backends strip control characters). Use `snippetParts` to render.
 */
export const HIGHLIGHT_START = '\u0002';
export const HIGHLIGHT_END = '\u0003';
/** Marks text cut from the snippet's start or end. */
export const SNIPPET_ELLIPSIS = '…';

export const SearchMode = z.enum(['lexical', 'hybrid', 'vector']);
export type SearchMode = z.infer<typeof SearchMode>;

/** The longest query the search API takes, in characters (a guard on parsing cost, not a ranking choice). */
export const MAX_QUERY_LENGTH = 2000;

export const SearchRequest = z.object({
  /** Query language text; empty lists documents (filters still apply). At most MAX_QUERY_LENGTH characters. */
  query: z.string().max(MAX_QUERY_LENGTH).default(''),
  /** Page size. Default 20. */
  limit: z.number().int().min(1).max(1000).default(20),
  /** Hits to skip (paging). Default 0. */
  offset: z.number().int().min(0).max(10_000).default(0),
  /**
   * `lexical`: words only. `hybrid` (default): words fused with vectors by reciprocal rank fusion when the
   * backend has an embedding model, else lexical. `vector`: meaning only (falls back to lexical without a model).
   */
  mode: SearchMode.default('hybrid'),
  /** "More like this": documents similar to this document id (the query, if any, still filters). */
  similarTo: z.number().int().optional(),
  /**
   * Treat `query` as plain natural-language text (no operators): for pasted text and IR evaluation.
   * Default false.
   */
  plain: z.boolean().default(false),
  /** Compute snippets (the costliest part of a deep page). Default true; false leaves `snippet` empty. */
  snippets: z.boolean().default(true),
});
export type SearchRequest = z.output<typeof SearchRequest>;
export type SearchRequestInput = z.input<typeof SearchRequest>;

const FieldValue = z.union([z.string(), z.number(), z.array(z.string()), z.null()]);

export const SearchHit = z.object({
  /** Document id in the store. */
  id: z.number().int(),
  /** Higher is better; comparable within one result only. */
  score: z.number(),
  /** A passage with HIGHLIGHT_START/HIGHLIGHT_END around matched words (may be the text's start when nothing matched). */
  snippet: z.string(),
  /** Every path of the document (same bytes in several places = one document). */
  paths: z.array(z.string()),
  type: z.string().nullable(),
  fields: z.record(z.string(), FieldValue),
  /** Page of the best passage when known (1-based). */
  page: z.number().int().nullable().default(null),
  /** How the hit matched: all words, only some words (fallback), or by meaning only. */
  match: z.enum(['all', 'any', 'vector']),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResult = z.object({
  /** Documents matching all words and filters (or, when none do, any word). */
  total: z.number().int(),
  tookMs: z.number(),
  hits: z.array(SearchHit),
  /** Counts per document type over the matching documents, ignoring the query's own type: filters. */
  facets: z.object({ type: z.record(z.string(), z.number().int()) }),
  /** Set when nothing matched all words and the result ranks documents matching any of them. */
  fallback: z.enum(['any-word']).nullable().default(null),
  /**
   * Set when the request wanted vectors (hybrid or vector mode) and the index has them, but the embedding
   * model could not embed the query (its server is down or not connected): the hits are lexical only, and
   * this says why. Absent when vectors were used, or not wanted, or the index has none.
   */
  vectorsUnavailable: z.string().optional(),
  /**
   * Set when OpenSearch is the chosen backend but the built-in index answered this query instead: OpenSearch
   * is still being filled from the store, or it did not answer. Says which and why. The hits are those of
   * the built-in index, which holds every document. Absent when the chosen backend answered.
   */
  backendNote: z.string().optional(),
  /**
   * "Did you mean": set when a word of the query is in no document (or very few) and a word of the index's
   * own vocabulary a couple of letters away is in many. `query` is the query with those words replaced,
   * ready to run. Backends that cannot tell (OpenSearch here) leave it out.
   */
  suggestion: z
    .object({
      query: z.string(),
      words: z.array(z.object({ word: z.string(), suggestion: z.string() })),
    })
    .optional(),
});
export type SearchResult = z.infer<typeof SearchResult>;

/**
 * The vector side of an index: which embedding model its vectors are from, and how many documents have
 * them. `filling`: vectors are being computed for documents indexed without them (an embedding model
 * attached after they were indexed, or one that was down); `complete`: every document has them; `paused`:
 * the model stopped answering (filling resumes when it answers again); `detached`: no model is attached,
 * the stored vectors are kept for when it is.
 */
export const SearchEmbedding = z.object({
  /** Embedding model name, e.g. `nomic-embed-text`. */
  model: z.string(),
  /** Vector length. */
  dims: z.number().int(),
  /** Documents with vectors of this model. */
  done: z.number().int(),
  /** Documents in the index. */
  total: z.number().int(),
  state: z.enum(['filling', 'complete', 'paused', 'detached']),
  /** Why the model is paused (its last error), else null. */
  error: z.string().nullable(),
});
export type SearchEmbedding = z.infer<typeof SearchEmbedding>;

export const SearchHealth = z.object({
  backend: z.enum(['sqlite', 'opensearch']),
  /** Documents in the index. */
  documents: z.number().int(),
  /** True when an embedding model is attached and answering, so queries use vectors. */
  vectors: z.boolean(),
  /** What the user should know ("lexical only: no embedding model configured", "index rebuilt: run reindex"). */
  note: z.string(),
  /** The index was (re)created empty and needs `reindex` to reflect the store. */
  needsReindex: z.boolean().default(false),
  /**
   * The vector side (see SearchEmbedding); null when the index has no vectors and no model is attached.
   * Absent from a backend that does not track it (OpenSearch).
   */
  embedding: SearchEmbedding.nullable().optional(),
});
export type SearchHealth = z.infer<typeof SearchHealth>;

export const ReindexRequest = z.object({}).default({});
export const ReindexResult = z.object({
  /** Documents written to the index (every document of the store). */
  indexed: z.number().int(),
  /** Index entries removed because the store no longer has them. */
  removed: z.number().int(),
  tookMs: z.number(),
});
export type ReindexResult = z.infer<typeof ReindexResult>;

/** Splits a snippet into plain and highlighted parts, for a renderer or a terminal. */
export function snippetParts(snippet: string): { text: string; highlight: boolean }[] {
  const parts: { text: string; highlight: boolean }[] = [];
  let highlight = false;
  let current = '';
  for (const ch of snippet) {
    if (ch === HIGHLIGHT_START || ch === HIGHLIGHT_END) {
      if (current) parts.push({ text: current, highlight });
      current = '';
      highlight = ch === HIGHLIGHT_START;
    } else current += ch;
  }
  if (current) parts.push({ text: current, highlight });
  return parts;
}
