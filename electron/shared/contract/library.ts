/**
 * The library: the archive as a table a person sorts, filters and selects in, one page of rows at a time
 * (the UI fetches the pages it scrolls to), with counts in documents. Bulk actions take a selection: ids,
 * or "everything matching this filter" (without a few), so selecting 100,000 documents sends no list.
 */
import { z } from 'zod';
import { ErrorInfo } from './documents.js';
import { DOCUMENT_STATES } from './jobs.js';
import { DOCUMENT_TYPES, DocumentType } from './schemas/documentTypes.js';

/** Columns the library sorts by. `added`: when docpipe first saw the content; `confidence`: `lowestConfidence`. */
export const LIBRARY_COLUMNS = [
  'name',
  'type',
  'date',
  'party',
  'total',
  'confidence',
  'state',
  'added',
  'size',
] as const;
export type LibraryColumn = (typeof LIBRARY_COLUMNS)[number];

/** A document's review status (as `DocumentSummary.review`). */
export const REVIEW_STATUSES = ['pending', 'needs_review', 'ok', 'reviewed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** A type to filter by; `untyped` is a document not understood (yet, or ever: failed). */
export const LIBRARY_TYPES = [...DOCUMENT_TYPES, 'untyped'] as const;
export const LibraryType = z.union([DocumentType, z.literal('untyped')]);
export type LibraryType = z.infer<typeof LibraryType>;

/** Most ids one request names (a bulk action, a range of rows); more is "all matching a filter". */
export const MAX_SELECTED_IDS = 10_000;

/** Which documents: every condition given must hold; a list matches any of its values. Empty: all. */
export const LibraryFilter = z.object({
  type: z.array(LibraryType).max(LIBRARY_TYPES.length).optional(),
  state: z.array(z.enum(DOCUMENT_STATES)).max(DOCUMENT_STATES.length).optional(),
  review: z.array(z.enum(REVIEW_STATUSES)).max(REVIEW_STATUSES.length).optional(),
  /** Text in the file name or anywhere in one of the document's paths, ignoring case. */
  q: z.string().max(500).optional(),
  /** The lowest confidence (`LibraryRow.lowestConfidence`) is at least this; documents without one are left out. */
  minConfidence: z.number().min(0).max(1).optional(),
  /** The lowest confidence is at most this; documents without one are left out. */
  maxConfidence: z.number().min(0).max(1).optional(),
});
export type LibraryFilter = z.infer<typeof LibraryFilter>;

export const LibraryRequest = z.object({
  filter: LibraryFilter.default({}),
  /** Default `added`. Ties are broken by id; documents without a value come last in either direction. */
  sort: z.enum(LIBRARY_COLUMNS).default('added'),
  /** Default `desc` (newest first). */
  direction: z.enum(['asc', 'desc']).default('desc'),
  offset: z.number().int().min(0).default(0),
  /** Rows of this page; 0 asks for the counts only. */
  limit: z.number().int().min(0).max(500).default(100),
  /**
   * Count the matching documents too (default true). A table scrolling through pages of one filter asks
   * once: the rows of a page are an index walk, the counts a pass over every matching document.
   */
  counts: z.boolean().default(true),
});
export type LibraryRequest = z.infer<typeof LibraryRequest>;
export type LibraryRequestInput = z.input<typeof LibraryRequest>;

export const LibraryRow = z.object({
  id: z.number().int(),
  /** Content hash (null for a file that could not be read): thumbnails are cached by it. */
  sha256: z.string().nullable(),
  /** File name of the first path (paths sorted). */
  name: z.string(),
  /** The first path (null when none is left). */
  path: z.string().nullable(),
  /** How many paths hold these bytes (duplicates are one document). */
  pathCount: z.number().int(),
  mime: z.string(),
  pages: z.number().int().nullable(),
  size: z.number().int(),
  /** When docpipe first saw the content (ISO). */
  added: z.string(),
  state: z.enum(DOCUMENT_STATES),
  review: z.enum(REVIEW_STATUSES),
  /** Why the document failed, in words (state `failed`), else null. */
  error: ErrorInfo.nullable(),
  type: z.string().nullable(),
  typeConfidence: z.number().nullable(),
  typeSource: z.enum(['embedded', 'llm', 'user']).nullable(),
  /** The type's date field (see schemas/keyFields.ts): ISO 8601 when it could be read as a date, else as written. */
  date: z.string().nullable(),
  /** Who issued or sent it (vendor, company, sender, bank…), as written. */
  party: z.string().nullable(),
  /** The type's total (invoice total, receipt total, closing balance) with its currency when known. */
  total: z.object({ amount: z.number(), currency: z.string().nullable() }).nullable(),
  /** The lowest confidence among the type and the fields nobody corrected; null before it is understood. */
  lowestConfidence: z.number().nullable(),
});
export type LibraryRow = z.infer<typeof LibraryRow>;

const countsOf = <T extends readonly [string, ...string[]]>(keys: T) => z.record(z.enum(keys), z.number().int());

export const LibraryCounts = z.object({
  /** Documents matching the filter. */
  total: z.number().int(),
  /**
   * Documents per state, type and review status, each matching the rest of the filter (the state counts
   * ignore the state filter, and so on), so a filter bar can say what choosing another value would give.
   */
  state: countsOf(DOCUMENT_STATES),
  type: countsOf(LIBRARY_TYPES),
  review: countsOf(REVIEW_STATUSES),
  /** Documents in the archive, whatever the filter. */
  archive: z.number().int(),
});
export type LibraryCounts = z.infer<typeof LibraryCounts>;

export const LibraryPage = z.object({
  offset: z.number().int(),
  rows: z.array(LibraryRow),
  /** Null when the request said `counts: false`. */
  counts: LibraryCounts.nullable(),
});
export type LibraryPage = z.infer<typeof LibraryPage>;

export const LibraryIdsRequest = LibraryRequest.omit({ limit: true, counts: true }).extend({
  limit: z.number().int().min(1).max(MAX_SELECTED_IDS),
});

const DocumentId = z.number().int().positive();

/** Documents a bulk action applies to: these ids, or all that match a filter except a few. */
export const DocumentSelection = z.union([
  z.object({ ids: z.array(DocumentId).min(1).max(MAX_SELECTED_IDS) }),
  z.object({ filter: LibraryFilter, except: z.array(DocumentId).max(MAX_SELECTED_IDS).default([]) }),
]);
export type DocumentSelection = z.infer<typeof DocumentSelection>;
export type DocumentSelectionInput = z.input<typeof DocumentSelection>;

/** What a bulk action did: `done` documents changed; `skipped` could not take it (with why, one line per reason). */
export const BulkResult = z.object({
  done: z.number().int(),
  skipped: z.number().int(),
  /** e.g. "3 documents are still being processed". */
  reasons: z.array(z.string()),
});
export type BulkResult = z.infer<typeof BulkResult>;

export const RemoveResult = z.object({
  /** Documents removed from the archive. */
  removed: z.number().int(),
  /** Paths docpipe no longer knows; their files are where they were. */
  paths: z.number().int(),
});
export type RemoveResult = z.infer<typeof RemoveResult>;
