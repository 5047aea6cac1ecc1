import { AppError, ErrorCode, type ErrorCode as ErrorCodeType } from '../../shared/contract/errors.js';
import { DOCUMENT_STATES } from '../../shared/contract/jobs.js';
import {
  LIBRARY_TYPES,
  MAX_SELECTED_IDS,
  REVIEW_STATUSES,
  type DocumentSelection,
  type LibraryCounts,
  type LibraryFilter,
  type LibraryPage,
  type LibraryRequest,
  type LibraryRow,
  type LibraryType,
} from '../../shared/contract/library.js';
import type { FacetCell, LibraryRowRecord } from '../store/repos/LibraryRepo.js';
import type { Store } from '../store/Store.js';

/** Most documents one "all matching" selection may stand for (the whole archive of a large office). */
export const MAX_FILTER_SELECTION = 1_000_000;

/**
 * The library: pages of the archive sorted and filtered as a person asks, with counts in documents, and
 * the ids a selection stands for. The SQL is LibraryRepo's; this turns it into the contract's shapes.
 */
export class Library {
  constructor(
    private readonly store: Store,
    /** Type or field confidence under which a document's review status is needs_review. */
    private readonly reviewThreshold: number,
  ) {}

  page(request: LibraryRequest): LibraryPage {
    const { filter, sort, direction, offset, limit } = request;
    const rows =
      limit === 0 ? [] : this.store.library.page(filter, sort, direction, offset, limit, this.reviewThreshold);
    return { offset, rows: rows.map(toRow), counts: request.counts ? this.counts(filter) : null };
  }

  /** Documents matching `filter`, and per state, type and review status. */
  counts(filter: LibraryFilter): LibraryCounts {
    const cells = this.store.library.facets(filter, this.reviewThreshold);
    return {
      total: countMatching(cells, filter),
      // Each facet with its own choice replaced by one value: what choosing that value would show.
      state: countBy(DOCUMENT_STATES, (state) => countMatching(cells, { ...filter, state: [state] })),
      type: countBy(LIBRARY_TYPES, (type) => countMatching(cells, { ...filter, type: [type] })),
      review: countBy(REVIEW_STATUSES, (review) => countMatching(cells, { ...filter, review: [review] })),
      archive: this.store.library.count(),
    };
  }

  /** The ids of rows `offset` to `offset + limit` in the library's order (a range a person selected). */
  ids(request: Omit<LibraryRequest, 'limit' | 'counts'> & { limit: number }): number[] {
    const { filter, sort, direction, offset, limit } = request;
    return this.store.library.ids(filter, sort, direction, offset, limit, this.reviewThreshold);
  }

  /** The documents a selection stands for, in id order; ids that do not exist are left out. */
  resolve(selection: DocumentSelection): number[] {
    if ('ids' in selection) {
      const wanted = [...new Set(selection.ids)].sort((a, b) => a - b);
      return this.store.library.existing(wanted);
    }
    const except = new Set(selection.except);
    const ids = this.store.library.allIds(selection.filter, this.reviewThreshold).filter((id) => !except.has(id));
    if (ids.length > MAX_FILTER_SELECTION) {
      throw new AppError(
        ErrorCode.INVALID_ARGUMENT,
        `The filter matches ${ids.length} documents; narrow it to at most ${MAX_FILTER_SELECTION} at once.`,
      );
    }
    return ids;
  }
}

/** Bounded groups of ids for the bulk actions' transactions (a long one would hold the writer lock). */
export function chunks<T>(items: readonly T[], size = MAX_SELECTED_IDS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function countBy<K extends string>(keys: readonly K[], count: (key: K) => number): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, count(k)])) as Record<K, number>;
}

/** Documents among `cells` that pass the state, type and review parts of `filter` (cells already pass the rest). */
function countMatching(cells: readonly FacetCell[], filter: LibraryFilter): number {
  const passes = <T>(wanted: readonly T[] | undefined, value: T) =>
    !wanted || wanted.length === 0 || wanted.includes(value);
  let n = 0;
  for (const cell of cells) {
    const type: LibraryType = (cell.docType as LibraryType | null) ?? 'untyped';
    if (passes(filter.state, cell.state) && passes(filter.type, type) && passes(filter.review, cell.review))
      n += cell.count;
  }
  return n;
}

function toRow(r: LibraryRowRecord): LibraryRow {
  return {
    id: r.id,
    sha256: r.sha256,
    name: r.name,
    path: r.path,
    pathCount: r.path_count,
    mime: r.mime,
    pages: r.pages,
    size: r.size,
    added: r.created_at,
    state: r.state,
    review: r.review,
    error: r.error_code === null ? null : { code: r.error_code as ErrorCodeType, message: r.error_message ?? '' },
    type: r.doc_type,
    typeConfidence: r.type_confidence,
    typeSource: r.type_source,
    date: r.key_date,
    party: r.key_party,
    total: r.key_total === null ? null : { amount: r.key_total, currency: r.key_currency },
    lowestConfidence: r.lowest_confidence,
  };
}
